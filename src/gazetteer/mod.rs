//! Stage 3a: gazetteers — the built-in name lists and the matcher over them.
//!
//! Every surface form of every list (cities, countries, demonyms, regions,
//! organizations, given names, surnames, titles, common words, legal
//! suffixes) is one key in a single token trie ([`trie`]). Matching
//! walks that trie token by token from each start position ([`PhraseMap::walk_all`]),
//! so a match always covers whole tokens and every prefix that is itself a
//! key is reported: "New York City" reports `new`, `new york` and
//! `new york city` in one walk. One walk also tells all that a token is at
//! once (a given name, a common word, a surname...).
//!
//! The built-in map is compiled by `build.rs` and embedded in the binary,
//! so start-up does no work: entries are parsed only when they match.

pub mod compile;
pub mod fold;
pub mod trie;
pub mod user;

use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;

pub use compile::{Kind, ALIAS, LOWERCASE_KINDS, OFFSET_MASK, UPPER_ONLY};

use crate::error::{Error, Result};
use crate::tokenize::{Token, TokenKind, NON_ASCII};

/// The dataset version of the built-in gazetteers (`gazetteers/VERSION`).
pub const GAZETTEER_VERSION: &str = include_str!(concat!(env!("OUT_DIR"), "/VERSION"));

/// Longest key, in tokens.
pub const MAX_KEY_TOKENS: usize = 12;

static BUILTIN_TRIE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.trie"));
static BUILTIN_POSTINGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.postings"));
static BUILTIN_FILES: &[&str] = &include!(concat!(env!("OUT_DIR"), "/files.rs"));

/// A map from keys to postings, walkable token by token.
pub struct PhraseMap {
    trie: trie::TokenTrie,
    postings: Cow<'static, [u8]>,
}

/// The first 16 bytes of a short byte string as two little-endian words,
/// zero-padded: compared and hashed without a byte loop (trie lookups,
/// word-class lookups).
pub type Head = trie::Head;

/// The folded form of every token of a text (see [`fold`]), folded once
/// per article, not once per walk that crosses it. A form of up to 16
/// bytes is kept as its [`Head`] alone (all that a trie lookup reads);
/// longer ones are also spelt out in a side buffer.
#[derive(Default)]
pub struct FoldedTokens {
    /// One per token.
    forms: Vec<Form>,
    /// The folded forms longer than 16 bytes.
    long: Vec<u8>,
}

/// A token's folded form.
#[derive(Clone, Copy, Default)]
struct Form {
    /// Its first 16 bytes, zero-padded (see [`Head`]).
    head: [u8; 16],
    /// Its length in bytes.
    len: u32,
    /// If longer than 16 bytes, where it starts in [`FoldedTokens::long`].
    at: u32,
}

impl FoldedTokens {
    /// Fold the tokens of `text`.
    #[inline(never)]
    pub fn new(text: &str, tokens: &[Token]) -> FoldedTokens {
        let src = text.as_bytes();
        let mut long = Vec::new();
        // One pass, collected from an iterator of known length: no
        // capacity check per token.
        let forms = tokens
            .iter()
            .map(|t| {
                let len = t.end() - t.start();
                if t.is(NON_ASCII) || len > 16 {
                    return fold_long(t.text(text), &mut long);
                }
                // An ASCII token folds to its lowercase. A word or number is
                // letters and digits only, which setting bit 5 lowercases or
                // keeps; punctuation is kept as it is. Sixteen bytes at once,
                // then cut to the token's length.
                let lower = if t.kind == TokenKind::Punct { 0 } else { 0x2020_2020_2020_2020 };
                debug_assert!(lower == 0 || text[t.start()..t.end()].bytes().all(|c| c.is_ascii_alphanumeric()));
                let chunk: [u8; 16] = match src.get(t.start()..t.start() + 16) {
                    Some(c) => c.try_into().unwrap(),
                    None => {
                        let mut c = [0; 16];
                        c[..len].copy_from_slice(&src[t.start()..t.end()]);
                        c
                    }
                };
                let m = HEAD_MASKS[len];
                let a = (u64::from_le_bytes(chunk[..8].try_into().unwrap()) | lower) & m[0];
                let b = (u64::from_le_bytes(chunk[8..].try_into().unwrap()) | lower) & m[1];
                let mut head = [0; 16];
                head[..8].copy_from_slice(&a.to_le_bytes());
                head[8..].copy_from_slice(&b.to_le_bytes());
                Form { head, len: len as u32, at: 0 }
            })
            .collect();
        FoldedTokens { forms, long }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// True if there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The folded form of token `j`.
    #[inline]
    pub fn token(&self, j: usize) -> &[u8] {
        let f = &self.forms[j];
        match f.len as usize {
            len @ 0..=16 => &f.head[..len],
            len => &self.long[f.at as usize..f.at as usize + len],
        }
    }

    /// Append the key of tokens `[s, e)` to `out`: their folded forms
    /// joined by single spaces.
    pub fn push_key(&self, s: usize, e: usize, out: &mut String) {
        for j in s..e {
            if j > s {
                out.push(' ');
            }
            out.push_str(std::str::from_utf8(self.token(j)).expect("folding keeps UTF-8"));
        }
    }

    /// The key of tokens `[s, e)` (see [`FoldedTokens::push_key`]).
    pub fn key(&self, s: usize, e: usize) -> String {
        let mut out = String::new();
        self.push_key(s, e, &mut out);
        out
    }

    /// Every token's [`Head`] and folded form, in order: one pass over
    /// the forms, with no index to check per token.
    #[inline]
    pub fn heads(&self) -> impl Iterator<Item = (Head, &[u8])> + '_ {
        self.forms.iter().map(|f| {
            let head = [
                u64::from_le_bytes(f.head[..8].try_into().unwrap()),
                u64::from_le_bytes(f.head[8..].try_into().unwrap()),
            ];
            let len = f.len as usize;
            let form = if len <= 16 { &f.head[..len] } else { &self.long[f.at as usize..f.at as usize + len] };
            (head, form)
        })
    }

    /// The first 16 bytes of token `j`'s folded form as two words,
    /// zero-padded, and its length (see [`Head`]).
    #[inline]
    pub fn token_head(&self, j: usize) -> (Head, usize) {
        let f = &self.forms[j];
        (
            [u64::from_le_bytes(f.head[..8].try_into().unwrap()), u64::from_le_bytes(f.head[8..].try_into().unwrap())],
            f.len as usize,
        )
    }
}

/// Fold `token` the slow way (non-ASCII, or long), spelling it out in
/// `long` if it is longer than 16 bytes.
fn fold_long(token: &str, long: &mut Vec<u8>) -> Form {
    let at = long.len();
    fold::push_folded(token, long);
    let len = long.len() - at;
    let mut head = [0; 16];
    let n = len.min(16);
    head[..n].copy_from_slice(&long[at..at + n]);
    if len <= 16 {
        long.truncate(at);
    }
    Form { head, len: len as u32, at: at as u32 }
}

/// `HEAD_MASKS[n]`: the bits of the first `n` of 16 bytes, as two words.
static HEAD_MASKS: [Head; 17] = {
    let mut m = [[0u64; 2]; 17];
    let mut n = 0;
    while n <= 16 {
        let lo = if n >= 8 { u64::MAX } else { (1u64 << (n * 8)) - 1 };
        let hi = if n >= 16 {
            u64::MAX
        } else if n <= 8 {
            0
        } else {
            (1u64 << ((n - 8) * 8)) - 1
        };
        m[n] = [lo, hi];
        n += 1;
    }
    m
};

/// The trie ids of a text's tokens, for walks ([`PhraseMap::token_ids`]).
pub struct TokenIds(Vec<trie::TokenId>);

impl TokenIds {
    /// Each token's vocabulary id: equal for tokens of the same folded
    /// word the gazetteers know.
    pub fn vocabulary_ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().map(|t| t.id)
    }

    /// Token `i`'s vocabulary id (see [`TokenIds::vocabulary_ids`]).
    #[inline]
    pub fn vocabulary_id(&self, i: usize) -> u32 {
        self.0[i].id
    }

    /// The value of token `i`'s one-token key, if the token alone is a
    /// key: [`PhraseMap::get`] of its folded form, read from the word
    /// its look-up already found.
    #[inline]
    pub fn token_value(&self, i: usize) -> Option<u64> {
        let word = self.0[i].word & trie::VALUE;
        (word != trie::NO_VALUE).then_some(word)
    }
}

/// What [`PhraseMap::walk_all`] looks for from a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Walk {
    /// Nothing.
    Skip,
    /// Every key.
    All,
    /// The key of the token alone, and the longer keys of the kinds that
    /// may begin with a lowercase word ([`LOWERCASE_KINDS`]: "prime
    /// minister", "head of research"): the walk goes past a token only
    /// where such a key does. Most lowercase words begin some key ("in",
    /// "the", "that" begin place names) and the text after them almost
    /// never goes on to spell it: this saves those probes. Other keys met
    /// on the way are reported too; callers filter by kind.
    Lowercase,
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
    fn new(trie: Cow<'static, [u8]>, postings: Cow<'static, [u8]>) -> Result<PhraseMap> {
        let trie = trie::TokenTrie::new(trie).map_err(|e| Error::other(format!("corrupt gazetteer map: {e}")))?;
        Ok(PhraseMap { trie, postings })
    }

    /// Compile a map from `(key, posting)` pairs.
    pub fn from_pairs(pairs: Vec<(String, u32)>) -> Result<PhraseMap> {
        let (trie, postings) = compile::build(pairs).map_err(Error::other)?;
        PhraseMap::new(Cow::Owned(trie), Cow::Owned(postings))
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.trie.len()
    }

    /// True if the map has no keys.
    pub fn is_empty(&self) -> bool {
        self.trie.is_empty()
    }

    /// The postings of a hit's value.
    pub fn postings(&self, value: u64) -> impl Iterator<Item = u32> + '_ {
        let start = (value >> 24) as usize * 4;
        let count = (value & 0xFF) as usize;
        self.postings[start..start + count * 4].chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }

    /// The kinds of a hit's postings, read from the value alone (see
    /// [`compile::key_value`]): bit `k` is set for [`Kind`] `k`.
    #[inline]
    pub fn kinds(value: u64) -> u16 {
        (value >> 8) as u16
    }

    /// The bits of `kinds` in a [`PhraseMap::kinds`] set.
    pub const fn kind_mask(kinds: &[Kind]) -> u16 {
        let mut mask = 0u16;
        let mut i = 0;
        while i < kinds.len() {
            mask |= 1 << (kinds[i] as u32);
            i += 1;
        }
        mask
    }

    /// True if one of a hit's postings is of one of `kinds`.
    #[inline]
    pub fn has_kind(value: u64, kinds: &[Kind]) -> bool {
        PhraseMap::kinds(value) & PhraseMap::kind_mask(kinds) != 0
    }

    /// The value of an exact key, if present.
    pub fn get(&self, key: &str) -> Option<u64> {
        self.trie.get(key.as_bytes())
    }

    /// Walk the map from every token `i` as `start(i)` says, over the
    /// folded tokens `i, i+1, ...`, and call `found(i, hit)` for each run
    /// of tokens that is a key, shortest first, in order of `i`.
    pub fn walk_all(&self, folded: &FoldedTokens, start: impl Fn(usize) -> Walk, mut found: impl FnMut(usize, Hit)) {
        let ids = self.token_ids(folded);
        for i in 0..ids.0.len() {
            self.walk(&ids, i, start(i), |hit| found(i, hit));
        }
    }

    /// Every token's trie id and the word of its one-token node, looked up
    /// once (a walk then costs one probe per further token of a key).
    pub fn token_ids(&self, folded: &FoldedTokens) -> TokenIds {
        self.token_ids_aux(folded, 0, |_, _| 0, |_| {})
    }

    /// [`PhraseMap::token_ids`], and `aux(head, len)` of every token's
    /// folded form to `each_aux`, in order, kept in the trie's front cache
    /// with the token's id (see [`trie::TokenTrie::token_ids_aux`]; `tag`
    /// names `aux`).
    pub fn token_ids_aux(
        &self,
        folded: &FoldedTokens,
        tag: u32,
        aux: impl Fn(Head, usize) -> u16,
        each_aux: impl FnMut(u16),
    ) -> TokenIds {
        TokenIds(self.trie.token_ids_aux(folded.heads(), tag, aux, each_aux))
    }

    /// Walk from token `i` of `ids` as `walk` says, and call `found(hit)`
    /// for each run of tokens from `i` that is a key, shortest first.
    #[inline]
    pub fn walk(&self, ids: &TokenIds, i: usize, walk: Walk, mut found: impl FnMut(Hit)) {
        // A token not in the trie: the trie's walk finds nothing from it.
        let marked_only = match walk {
            Walk::Skip => return,
            Walk::All => false,
            Walk::Lowercase => true,
        };
        self.trie.walk(&ids.0, i, MAX_KEY_TOKENS, marked_only, |end, value| found(Hit { end, value }));
    }
}

/// The columns the matchers read from gazetteer entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    /// `name`: the canonical name.
    Name,
    /// `id`: the entry's identifier (regions, organizations).
    Id,
    /// `geonames_id`.
    GeonamesId,
    /// `country`: ISO 3166-1 alpha-2 code.
    Country,
    /// `admin1`: first-level division code.
    Admin1,
    /// `lat`.
    Lat,
    /// `lon`.
    Lon,
    /// `population`.
    Population,
    /// `iso`: a country's code.
    Iso,
    /// `kind`: what sort of region or organization.
    Kind,
    /// `title`: a job title.
    Title,
    /// `category`: a title's category.
    Category,
    /// `feature`: a place's GeoNames feature code (`PPLA`, `ADM1`, `ADM2`).
    Feature,
    /// `rank`: a family name's frequency rank (1: the commonest).
    Rank,
    /// `count`: how many people were given a first name.
    Count,
    /// `demonyms`: a country's nationality words, the adjective first.
    Demonyms,
}

impl Col {
    const ALL: [Col; 16] = [
        Col::Name,
        Col::Id,
        Col::GeonamesId,
        Col::Country,
        Col::Admin1,
        Col::Lat,
        Col::Lon,
        Col::Population,
        Col::Iso,
        Col::Kind,
        Col::Title,
        Col::Category,
        Col::Feature,
        Col::Rank,
        Col::Count,
        Col::Demonyms,
    ];

    /// The column's name in a file's header.
    pub fn name(self) -> &'static str {
        match self {
            Col::Name => "name",
            Col::Id => "id",
            Col::GeonamesId => "geonames_id",
            Col::Country => "country",
            Col::Admin1 => "admin1",
            Col::Lat => "lat",
            Col::Lon => "lon",
            Col::Population => "population",
            Col::Iso => "iso",
            Col::Kind => "kind",
            Col::Title => "title",
            Col::Category => "category",
            Col::Feature => "feature",
            Col::Rank => "rank",
            Col::Count => "count",
            Col::Demonyms => "demonyms",
        }
    }
}

/// Where the field at the start of `b` ends: its first tab, line feed or
/// carriage return (or `b`'s end), eight bytes at a time.
#[inline]
fn field_end(b: &[u8]) -> usize {
    let mut i = 0;
    while let Some(c) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(c.try_into().unwrap());
        // Bytes 9 and 10 (tab, line feed), and 13 (carriage return).
        let stops = crate::swar::between(x, 8, 11) | crate::swar::between(x, 12, 14);
        if stops != 0 {
            return i + (stops.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + b[i..].iter().position(|&c| matches!(c, b'\t' | b'\n' | b'\r')).unwrap_or(b.len() - i)
}

/// Columns [`Table::fields`] reads by index from a fixed array of bounds.
const MAX_FIELDS: usize = 16;

/// A gazetteer file's text with its header, for reading matched entries.
pub struct Table {
    text: Cow<'static, str>,
    /// Position of each [`Col`] in the header (`u8::MAX`: absent), looked
    /// up once rather than by name at every read.
    cols: [u8; Col::ALL.len()],
}

impl Table {
    fn new(text: Cow<'static, str>) -> Table {
        let header: Vec<String> =
            compile::header_of(&text).map(|(_, c)| c.into_iter().map(str::to_owned).collect()).unwrap_or_default();
        let mut cols = [u8::MAX; Col::ALL.len()];
        for (i, c) in Col::ALL.iter().enumerate() {
            if let Some(p) = header.iter().position(|h| h == c.name()) {
                cols[i] = p.min(u8::MAX as usize - 1) as u8;
            }
        }
        Table { text, cols }
    }

    /// The offsets of the data lines (those of [`compile::data_lines`] of a
    /// tabular file: after the header, neither empty nor comments), found
    /// by the vector search of `memchr` rather than line by line.
    fn data_offsets(&self) -> impl Iterator<Item = usize> + '_ {
        let bytes = self.text.as_bytes();
        let body = compile::header_of(&self.text).map_or(bytes.len(), |(off, _)| off);
        let starts = std::iter::once(body).chain(memchr::memchr_iter(b'\n', &bytes[body..]).map(move |i| body + i + 1));
        starts.filter(move |&at| match bytes.get(at) {
            None | Some(b'\n' | b'#') => false,
            // A line of carriage returns alone is empty too.
            Some(b'\r') => bytes[at..].iter().take_while(|&&b| b != b'\n').any(|&b| b != b'\r'),
            Some(_) => true,
        })
    }

    /// The line starting at byte `off`.
    pub fn line(&self, off: usize) -> &str {
        let rest = &self.text[off..];
        let end = rest.bytes().position(|b| b == b'\n' || b == b'\r').unwrap_or(rest.len());
        &rest[..end]
    }

    /// Columns `cols` of the entry at `off` (each `None` if absent or
    /// empty), from one scan of the line up to the last column wanted.
    pub fn fields<const N: usize>(&self, off: usize, cols: [Col; N]) -> [Option<&str>; N] {
        let want = cols.map(|c| self.cols[c as usize]);
        let mut out = [None; N];
        let Some(last) = want.iter().copied().filter(|&c| c != u8::MAX).max() else { return out };
        let line = &self.text[off..];
        let bytes = line.as_bytes();
        // The bounds of each field up to the last one wanted (the files
        // have a dozen columns at most), then each wanted one by index:
        // no comparison of every wanted column with every field.
        let mut bounds = [(0usize, 0usize); MAX_FIELDS];
        if usize::from(last) >= MAX_FIELDS {
            return Table::fields_slow(line, want);
        }
        let mut start = 0;
        for b in bounds.iter_mut().take(usize::from(last) + 1) {
            let end = start + field_end(&bytes[start..]);
            *b = (start, end);
            if bytes.get(end) != Some(&b'\t') {
                break;
            }
            start = end + 1;
        }
        for (o, &w) in out.iter_mut().zip(&want) {
            if let Some(&(s, e)) = bounds.get(usize::from(w)) {
                if e > s {
                    *o = Some(&line[s..e]);
                }
            }
        }
        out
    }

    /// [`Table::fields`] of `line` for files of more than [`MAX_FIELDS`]
    /// columns (a user's gazetteer may have any number).
    #[cold]
    fn fields_slow<const N: usize>(line: &str, want: [u8; N]) -> [Option<&str>; N] {
        let mut out = [None; N];
        for (idx, f) in line.split(['\n', '\r']).next().unwrap_or("").split('\t').enumerate() {
            for (o, &w) in out.iter_mut().zip(&want) {
                if usize::from(w) == idx && !f.is_empty() {
                    *o = Some(f);
                }
            }
        }
        out
    }

    /// Column `col` of the entry at `off`, if the column exists and is not empty.
    pub fn field(&self, off: usize, col: Col) -> Option<&str> {
        // Straight to the one column: past a tab for each field before it
        // (the line ends at any other stop), no table of bounds.
        let w = self.cols[col as usize];
        if w == u8::MAX {
            return None;
        }
        let line = &self.text[off..];
        let bytes = line.as_bytes();
        let mut start = 0;
        for _ in 0..w {
            let end = start + field_end(&bytes[start..]);
            if bytes.get(end) != Some(&b'\t') {
                return None;
            }
            start = end + 1;
        }
        let end = start + field_end(&bytes[start..]);
        (end > start).then(|| &line[start..end])
    }
}

/// A row of [`Gazetteers::place_by_code`]'s index: where it is, and its
/// name (a span of its table's text) and GeoNames id once asked.
struct CodeRow {
    kind: Kind,
    off: usize,
    place: OnceLock<Option<(usize, usize, Option<u64>)>>,
}

/// All gazetteers: the phrase map and the tables its postings point into.
pub struct Gazetteers {
    map: PhraseMap,
    tables: Vec<Table>,
    /// Row offsets of countries by ISO code and of regions by id, built at
    /// the first look-up by code (see [`Gazetteers::place_by_code`]).
    by_code: OnceLock<crate::hash::FastMap<String, CodeRow>>,
    /// Number of data rows per file, for `--version`.
    pub counts: Vec<(&'static str, usize)>,
}

impl Gazetteers {
    /// An id that tells these gazetteers apart from any other set in the
    /// process (for caches keyed by row).
    pub(crate) fn id(&self) -> u64 {
        self.map.trie.id()
    }

    /// The gazetteers compiled into the binary.
    pub fn builtin() -> Gazetteers {
        let map = PhraseMap::new(Cow::Borrowed(BUILTIN_TRIE), Cow::Borrowed(BUILTIN_POSTINGS))
            .expect("the built-in gazetteer map is valid");
        let tables = BUILTIN_FILES.iter().map(|t| Table::new(Cow::Borrowed(*t))).collect();
        Gazetteers { map, tables, counts: Vec::new(), by_code: Default::default() }
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
        Ok(Gazetteers { map: PhraseMap::from_pairs(pairs)?, tables, counts: Vec::new(), by_code: Default::default() })
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
            Kind::Town => 10,
        };
        &self.tables[i]
    }

    /// The name and GeoNames id of the country with ISO code `code`
    /// (`"US"`), or of the region with id `code` (`"US.LA"`, `"GB.ENG"`).
    pub fn place_by_code(&self, code: &str) -> Option<(&str, Option<u64>)> {
        let index = self.by_code.get_or_init(|| {
            let mut m = crate::hash::FastMap::default();
            // Sized for every line of the two files at once (7,000 rows in
            // the built-in lists): no rehash as it fills.
            m.reserve(
                [Kind::Country, Kind::Region]
                    .iter()
                    .map(|&k| memchr::memchr_iter(b'\n', self.table(k).text.as_bytes()).count())
                    .sum(),
            );
            for (kind, col) in [(Kind::Country, Col::Iso), (Kind::Region, Col::Id)] {
                let t = self.table(kind);
                for off in t.data_offsets() {
                    if let Some(id) = t.field(off, col) {
                        m.insert(id.to_owned(), CodeRow { kind, off, place: OnceLock::new() });
                    }
                }
            }
            m
        });
        let row = index.get(code)?;
        let t = self.table(row.kind);
        // The row's name (as a span of the table's text) and id, read from
        // the row at the code's first look-up: news names the same
        // countries and states article after article, and a region's
        // row has its aliases before its GeoNames id.
        let &(start, end, gid) = row
            .place
            .get_or_init(|| {
                let [name, gid] = t.fields(row.off, [Col::Name, Col::GeonamesId]);
                let start = name?.as_ptr() as usize - t.text.as_ptr() as usize;
                Some((start, start + name?.len(), gid.and_then(|g| g.parse().ok())))
            })
            .as_ref()?;
        Some((&t.text[start..end], gid))
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

static COUNTRY_CENTROIDS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/gazetteers/country_centroids.tsv"));
static COUNTRIES: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/gazetteers/countries.tsv"));

/// The rows of a short generated table of countries (after the header
/// line `header`) as `(code, row)`, sorted by code: read at their first
/// use, not at start-up (a row's candidate or a place's prior asks, and
/// reading the text for each cost more than building the row).
fn country_rows<T>(
    table: &'static str,
    header: &str,
    row: impl Fn(std::str::Split<'static, char>) -> Option<T>,
) -> Vec<(&'static str, T)> {
    let body = table.split_once(header).map_or("", |(_, b)| b);
    let mut rows: Vec<_> = body
        .lines()
        .filter_map(|line| {
            let mut f = line.split('\t');
            let code = f.next()?;
            Some((code, row(f)?))
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(b.0));
    rows
}

/// A representative point (latitude, longitude) of the country with ISO
/// code `iso`, from `gazetteers/country_centroids.tsv`.
pub fn country_centroid(iso: &str) -> Option<(f64, f64)> {
    static TABLE: std::sync::LazyLock<Vec<(&'static str, (f64, f64))>> = std::sync::LazyLock::new(|| {
        country_rows(COUNTRY_CENTROIDS, "\niso\tlat\tlon\n", |mut f| {
            Some((f.next()?.parse().ok()?, f.next()?.parse().ok()?))
        })
    });
    let i = TABLE.binary_search_by(|r| r.0.cmp(iso)).ok()?;
    Some(TABLE[i].1)
}

/// The population of the country with ISO code `iso`, from
/// `gazetteers/countries.tsv`.
pub fn country_population(iso: &str) -> Option<u64> {
    static TABLE: std::sync::LazyLock<Vec<(&'static str, u64)>> = std::sync::LazyLock::new(|| {
        country_rows(COUNTRIES, "\niso\tname\tgeonames_id\tpopulation\taliases\tdemonyms\n", |mut f| {
            f.nth(2)?.parse().ok()
        })
    });
    let i = TABLE.binary_search_by(|r| r.0.cmp(iso)).ok()?;
    Some(TABLE[i].1)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_offsets_are_the_data_lines() {
        let odd = "# comment\n\nid\tname\n\r\nA\ta\n#B\tb\n\r\r\n\rC\tc\r\nD\td";
        let mut texts: Vec<&str> = BUILTIN_FILES.to_vec();
        texts.extend([odd, "", "id\tname", "id\tname\n", "\n\n# only comments\n"]);
        for text in texts {
            let t = Table::new(Cow::Borrowed(text));
            let want: Vec<usize> = compile::data_lines(text, true).map(|(_, off, _)| off).collect();
            assert_eq!(t.data_offsets().collect::<Vec<_>>(), want, "{:?}", &text[..text.len().min(80)]);
        }
    }

    #[test]
    fn places_are_found_by_code() {
        // Every country's code and every region's id names its row's
        // place; of two rows of one code, the last (a region after a
        // country).
        let g = Gazetteers::builtin();
        let mut want: crate::hash::FastMap<&str, (Option<&str>, Option<u64>)> = Default::default();
        for (kind, col) in [(Kind::Country, Col::Iso), (Kind::Region, Col::Id)] {
            let t = g.table(kind);
            for (_, off, _) in compile::data_lines(&t.text, true) {
                if let Some(id) = t.field(off, col) {
                    let [name, gid] = t.fields(off, [Col::Name, Col::GeonamesId]);
                    want.insert(id, (name, gid.and_then(|g| g.parse().ok())));
                }
            }
        }
        assert!(want.len() > 5_000);
        for (code, (name, gid)) in want {
            assert_eq!(g.place_by_code(code), name.map(|n| (n, gid)), "{code}");
        }
        assert!(g.place_by_code("US").is_some_and(|(name, _)| name == "United States"));
        assert_eq!(g.place_by_code("ZZ.NONE"), None);
        assert_eq!(g.place_by_code(""), None);
    }

    #[test]
    fn country_populations_are_found_by_code() {
        // Every row of the table is found by its code, first and last too.
        let body = COUNTRIES.split_once("\niso\tname\tgeonames_id\tpopulation\taliases\tdemonyms\n").unwrap().1;
        for line in body.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(country_population(f[0]), f[3].parse().ok(), "{line}");
        }
        assert!(country_population("JM").is_some_and(|p| (1_000_000..10_000_000).contains(&p)));
        assert!(country_population("US").is_some_and(|p| p > 100_000_000));
        assert_eq!(country_population("ZZ"), None);
        assert_eq!(country_population(""), None);
    }

    #[test]
    fn ascii_tokens_fold_to_lowercase() {
        // Every byte value next to and inside tokens of every length.
        let mut text = String::new();
        for b in 1u8..128 {
            text.push(b as char);
            text.push_str(" AbYZ@[`{az ");
        }
        text.push_str("MIXEDcase0123456789XYZ MIXEDcase0123 Zürich");
        let tokens = crate::tokenize::tokenize(&text);
        let folded = FoldedTokens::new(&text, &tokens);
        for (j, t) in tokens.iter().enumerate().filter(|(_, t)| !t.is(NON_ASCII)) {
            assert_eq!(folded.token(j), t.text(&text).to_ascii_lowercase().as_bytes(), "{:?}", t.text(&text));
        }
    }

    #[test]
    fn heads_are_the_first_16_bytes_zero_padded() {
        // Long and non-ASCII forms, and short ones within 16 bytes of the end.
        let text = "a bc Zürich ÉCOLE abcdefgh abcdefghi abcdefghijklmnop abcdefghijklmnopqrstu Xy Z.";
        let tokens = crate::tokenize::tokenize(text);
        let folded = FoldedTokens::new(text, &tokens);
        for j in 0..folded.len() {
            let t = folded.token(j);
            let mut want = [0u8; 16];
            let n = t.len().min(16);
            want[..n].copy_from_slice(&t[..n]);
            let want =
                [u64::from_le_bytes(want[..8].try_into().unwrap()), u64::from_le_bytes(want[8..].try_into().unwrap())];
            assert_eq!(folded.token_head(j), (want, t.len()), "token {j}");
        }
        let forms: Vec<_> = (0..folded.len()).map(|j| String::from_utf8(folded.token(j).to_vec()).unwrap()).collect();
        assert_eq!(forms.join(" "), fold::key_of(text));
        assert_eq!(folded.key(3, 5), "ecole abcdefgh");
    }

    #[test]
    fn a_lowercase_walk_follows_titles_and_honorifics_only() {
        let p = |kind: Kind| (kind as u32) << 28;
        let pairs = [
            ("in", p(Kind::CommonWord)),
            ("in salah", p(Kind::City)),
            ("head", p(Kind::CommonWord)),
            ("head of research", p(Kind::Role)),
            ("the", p(Kind::CommonWord)),
            ("the hon", p(Kind::Honorific)),
            ("the hague", p(Kind::City)),
        ];
        let map = PhraseMap::from_pairs(pairs.iter().map(|&(k, v)| (k.to_owned(), v)).collect()).unwrap();
        let text = "in Salah head of research the hague the Hon";
        let tokens = crate::tokenize::tokenize(text);
        let folded = FoldedTokens::new(text, &tokens);
        let ids = map.token_ids(&folded);
        let keys = |i: usize, walk: Walk| {
            let mut found = Vec::new();
            map.walk(&ids, i, walk, |h| found.push(folded.key(i, h.end)));
            found
        };
        assert_eq!(keys(0, Walk::All), ["in", "in salah"]);
        assert_eq!(keys(0, Walk::Lowercase), ["in"]);
        assert_eq!(keys(2, Walk::Lowercase), ["head", "head of research"]);
        // "the" goes on ("the hon"), so the walk reaches "the hague" too:
        // callers filter what they find by kind.
        assert_eq!(keys(5, Walk::Lowercase), ["the", "the hague"]);
        assert_eq!(keys(7, Walk::Lowercase), ["the", "the hon"]);
        assert_eq!(keys(7, Walk::Skip), Vec::<String>::new());
    }

    #[test]
    fn token_values_agree_with_get() {
        let p = |kind: Kind| (kind as u32) << 28;
        let pairs = [("new", p(Kind::CommonWord)), ("new york", p(Kind::City)), ("york", p(Kind::City))];
        let map = PhraseMap::from_pairs(pairs.iter().map(|&(k, v)| (k.to_owned(), v)).collect()).unwrap();
        let text = "New York and York, not Jersey";
        let tokens = crate::tokenize::tokenize(text);
        let folded = FoldedTokens::new(text, &tokens);
        let ids = map.token_ids(&folded);
        for j in 0..folded.len() {
            let key = std::str::from_utf8(folded.token(j)).unwrap();
            assert_eq!(ids.token_value(j), map.get(key), "{key}");
        }
        assert!(ids.token_value(0).is_some() && ids.token_value(1).is_some() && ids.token_value(2).is_none());
        assert_eq!(ids.vocabulary_id(1), ids.vocabulary_id(3), "one word, one id");
    }

    #[test]
    fn fields_agree_with_field() {
        let gaz = Gazetteers::builtin();
        for kind in [Kind::City, Kind::Country, Kind::Region, Kind::Organization, Kind::Role] {
            let t = gaz.table(kind);
            for (_, off, _) in compile::data_lines(&t.text, true).step_by(97).take(200) {
                let got = t.fields(off, Col::ALL);
                // Reference: split the whole line, look the header up by name.
                let header = compile::header_of(&t.text).unwrap().1;
                let row: Vec<&str> = t.line(off).split('\t').collect();
                for (c, f) in Col::ALL.iter().zip(got) {
                    let want = header.iter().position(|h| *h == c.name()).map(|i| row[i]).filter(|v| !v.is_empty());
                    assert_eq!(f, want, "{kind:?} at {off}, column {}", c.name());
                    assert_eq!(t.field(off, *c), want);
                }
            }
        }
        // A table without the column: None, whatever else is asked.
        let t = gaz.table(Kind::Country);
        let off = compile::data_lines(&t.text, true).next().unwrap().1;
        assert_eq!(t.fields(off, [Col::Title, Col::Category]), [None, None]);
        assert!(t.fields(off, [Col::Iso])[0].is_some_and(|iso| iso.len() == 2));
    }

    #[test]
    fn fields_past_many_columns_and_at_line_ends() {
        // A user's file may put the columns read past the sixteenth.
        let extra: Vec<String> = (0..18).map(|i| format!("x{i}")).collect();
        let text = format!(
            "# a comment\n{}\tname\tid\tcountry\r\n{}\tPort Alba\tpa\t\r\nshort\tline\n",
            extra.join("\t"),
            extra.join("\t")
        );
        let t = Table::new(Cow::Owned(text));
        let offs: Vec<usize> = compile::data_lines(&t.text, true).map(|(_, off, _)| off).collect();
        assert_eq!(t.fields(offs[0], [Col::Country, Col::Name, Col::Id]), [None, Some("Port Alba"), Some("pa")]);
        assert_eq!(t.fields(offs[1], [Col::Name, Col::Id]), [None, None]);
        // The common case: a dozen columns, the last one empty before "\r\n".
        let t = Table::new(Cow::Borrowed("name\tid\tcountry\nPort Alba\tpa\t\r\nSan Remo\t\tIT\n"));
        let offs: Vec<usize> = compile::data_lines(&t.text, true).map(|(_, off, _)| off).collect();
        assert_eq!(t.fields(offs[0], [Col::Country, Col::Id, Col::Name]), [None, Some("pa"), Some("Port Alba")]);
        assert_eq!(t.fields(offs[1], [Col::Id, Col::Country]), [None, Some("IT")]);
        assert_eq!(t.field(offs[1], Col::Kind), None);
    }

    #[test]
    fn field_end_agrees_with_a_byte_scan() {
        // Each stop byte (and near misses) at each place, in lines of
        // every length around the eight-byte steps.
        for len in 0..20 {
            for at in 0..=len {
                for stop in [b'\t', b'\n', b'\r', 0x0B, 0x0C, 0x08, 0x0E, b' ', 0xC3] {
                    let mut line = vec![b'a'; len];
                    if at < len {
                        line[at] = stop;
                    }
                    let want = line.iter().position(|&c| matches!(c, b'\t' | b'\n' | b'\r')).unwrap_or(len);
                    assert_eq!(field_end(&line), want, "{line:?}");
                }
            }
        }
    }

    #[test]
    fn country_centroids_are_found_by_code() {
        let (lat, lon) = country_centroid("AD").unwrap();
        assert!((lat - 42.5).abs() < 1e-9 && (lon - 1.5).abs() < 1e-9);
        assert!(country_centroid("FR").is_some());
        assert_eq!(country_centroid("ZZ"), None);
        assert_eq!(country_centroid(""), None);
    }
}
