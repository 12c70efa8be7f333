//! Gazetteer TSV files → a token trie from keys to postings.
//!
//! This file is compiled twice: into the library (for `--gazetteer` and
//! `--gazetteer-dir` lists loaded at run time) and into `build.rs`, which
//! compiles the built-in lists once at build time so that start-up costs
//! nothing but a pointer (see `gazetteer::Gazetteers::builtin`).
//!
//! Format of a gazetteer file: UTF-8; lines starting with `#` are comments;
//! the first other line is a tab-separated header naming the columns; every
//! data line has the header's number of fields. The columns that produce
//! match keys are `name` and `aliases` (`|`-separated), plus `demonyms` in
//! the country file, `title` in the role file and `suffix` in the legal
//! suffix file. A file without tabs in its header (`common_words.txt`) is a
//! word list: every line is a key.
//!
//! A posting is a `u32`: the entry's [`Kind`] in the top 4 bits, the
//! [`ALIAS`] and [`UPPER_ONLY`] flags, and the byte offset of the entry's
//! line in its file, so that the entry is parsed only when it matches.

/// What a key refers to; says which file an offset points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Kind {
    /// A row of `cities.tsv`.
    City = 1,
    /// A row of `countries.tsv`, by name or alias.
    Country = 2,
    /// A row of `countries.tsv`, by demonym ("Spanish").
    Demonym = 3,
    /// A row of `regions.tsv`.
    Region = 4,
    /// A row of `organizations.tsv`.
    Organization = 5,
    /// A row of `given_names.tsv`.
    GivenName = 6,
    /// A row of `surnames.tsv`.
    Surname = 7,
    /// A job title in `roles.tsv`.
    Role = 8,
    /// An honorific in `roles.tsv` (Mr., Dr.).
    Honorific = 9,
    /// A line of `common_words.txt`.
    CommonWord = 10,
    /// A row of `legal_suffixes.tsv`.
    LegalSuffix = 11,
    /// An entry of a user gazetteer (`--gazetteer`); the offset is its index.
    User = 12,
    /// A row of `name_tokens.tsv`: a token of international personal names.
    NameToken = 13,
    /// A row of `towns.tsv`: a populated place of fewer than 15,000 people,
    /// named only with evidence (`resolve::places`).
    Town = 14,
}

impl Kind {
    /// The kind stored in the top bits of a posting.
    pub const fn from_posting(p: u32) -> Option<Kind> {
        Some(match p >> 28 {
            1 => Kind::City,
            2 => Kind::Country,
            3 => Kind::Demonym,
            4 => Kind::Region,
            5 => Kind::Organization,
            6 => Kind::GivenName,
            7 => Kind::Surname,
            8 => Kind::Role,
            9 => Kind::Honorific,
            10 => Kind::CommonWord,
            11 => Kind::LegalSuffix,
            12 => Kind::User,
            13 => Kind::NameToken,
            14 => Kind::Town,
            _ => return None,
        })
    }
}

/// The key came from an alias (or demonym), not the entry's main name.
pub const ALIAS: u32 = 1 << 27;
/// The surface form is an acronym ("UN", "U.S.") and matches only text
/// written without lowercase letters.
pub const UPPER_ONLY: u32 = 1 << 26;
/// Mask of the line offset (64 MiB per file).
pub const OFFSET_MASK: u32 = (1 << 26) - 1;

/// The built-in gazetteer files, in a fixed order, with their kinds.
pub const FILES: &[(&str, Kind)] = &[
    ("cities.tsv", Kind::City),
    ("countries.tsv", Kind::Country),
    ("regions.tsv", Kind::Region),
    ("organizations.tsv", Kind::Organization),
    ("given_names.tsv", Kind::GivenName),
    ("surnames.tsv", Kind::Surname),
    ("roles.tsv", Kind::Role),
    ("common_words.txt", Kind::CommonWord),
    ("legal_suffixes.tsv", Kind::LegalSuffix),
    ("name_tokens.tsv", Kind::NameToken),
    ("towns.tsv", Kind::Town),
];

/// A parsed header: column names in order.
pub fn header_of(text: &str) -> Option<(usize, Vec<&str>)> {
    let mut off = 0;
    for line in text.split_inclusive('\n') {
        let l = line.trim_end_matches(['\n', '\r']);
        if !l.starts_with('#') && !l.is_empty() {
            return Some((off + line.len(), l.split('\t').collect()));
        }
        off += line.len();
    }
    None
}

/// Data lines of a file: `(1-based line number, byte offset, line)`, after
/// comments and (for tabular files) the header.
pub fn data_lines(text: &str, tabular: bool) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut seen_header = !tabular;
    let mut off = 0;
    text.split_inclusive('\n').enumerate().filter_map(move |(n, line)| {
        let at = off;
        off += line.len();
        let l = line.trim_end_matches(['\n', '\r']);
        if l.is_empty() || l.starts_with('#') {
            return None;
        }
        if !seen_header {
            seen_header = true;
            return None;
        }
        Some((n + 1, at, l))
    })
}

fn is_acronym(surface: &str) -> bool {
    let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
    (1..=6).contains(&letters) && !surface.chars().any(char::is_lowercase)
}

/// Every `(key, posting)` of one file. `kind` is the file's kind (a role
/// file yields `Honorific` for rows whose `category` is `honorific`).
pub fn postings_of(file: &str, text: &str, kind: Kind, out: &mut Vec<(String, u32)>) -> Result<(), String> {
    let tabular = kind != Kind::CommonWord;
    let cols: Vec<&str> =
        if tabular { header_of(text).ok_or_else(|| format!("{file}: no header line"))?.1 } else { Vec::new() };
    let col = |name: &str| cols.iter().position(|c| *c == name);
    let (name_col, alias_col, demonym_col, category_col) = match kind {
        Kind::Role => (col("title"), None, None, col("category")),
        Kind::LegalSuffix => (col("suffix"), None, None, None),
        _ => (col("name"), col("aliases"), col("demonyms"), None),
    };
    if tabular && name_col.is_none() {
        return Err(format!("{file}: the header has no `name` column"));
    }
    for (n, off, line) in data_lines(text, tabular) {
        if off as u32 > OFFSET_MASK {
            return Err(format!("{file}:{n}: file too large for the posting format"));
        }
        if !tabular {
            out.push((crate::fold::key_of(line), posting(kind, 0, off)));
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != cols.len() {
            return Err(format!("{file}:{n}: expected {} tab-separated columns, found {}", cols.len(), fields.len()));
        }
        let mut kind = kind;
        if let Some(c) = category_col {
            if fields[c] == "honorific" {
                kind = Kind::Honorific;
            }
        }
        let mut add = |surface: &str, kind: Kind, alias: bool| {
            let surface = surface.trim();
            if surface.is_empty() {
                return;
            }
            let key = crate::fold::key_of(surface);
            if key.is_empty() {
                return;
            }
            let mut flags = if alias { ALIAS } else { 0 };
            if is_acronym(surface) && kind != Kind::Surname && kind != Kind::GivenName {
                flags |= UPPER_ONLY;
            }
            out.push((key, posting(kind, flags, off)));
        };
        add(fields[name_col.unwrap()], kind, false);
        if let Some(c) = alias_col {
            fields[c].split('|').for_each(|a| add(a, kind, true));
        }
        if let Some(c) = demonym_col {
            fields[c].split('|').for_each(|a| add(a, Kind::Demonym, true));
        }
    }
    Ok(())
}

fn posting(kind: Kind, flags: u32, off: usize) -> u32 {
    ((kind as u32) << 28) | flags | off as u32
}

/// A key's value in the map: `start << 24 | kinds << 8 | count`. Its
/// postings are `count` (≤ 255) consecutive entries from index `start` of
/// the postings blob, and bit `k` of `kinds` is set when one of them is of
/// [`Kind`] `k`: matchers can tell what a key is without reading postings.
pub fn key_value(start: u64, postings: impl Iterator<Item = u32>) -> u64 {
    let mut kinds = 0u64;
    let mut count = 0u64;
    for p in postings {
        kinds |= 1 << (p >> 28);
        count += 1;
    }
    debug_assert!(count <= 255);
    (start << 24) | (kinds << 8) | count
}

/// The kinds of keys that may begin with a word written in lowercase:
/// titles and honorifics ("prime minister", "head of research"); every
/// other entry names something, with a capital. Bit `k` for [`Kind`] `k`,
/// as in a [`key_value`]. The trie marks them, so that a walk from a
/// lowercase word follows only them.
pub const LOWERCASE_KINDS: u16 = 1 << Kind::Role as u16 | 1 << Kind::Honorific as u16;

/// Build the map (a [`crate::trie`] blob) and the postings blob
/// (little-endian `u32`s) from `(key, posting)` pairs in any order; values
/// as [`key_value`].
pub fn build(mut pairs: Vec<(String, u32)>) -> Result<(Vec<u8>, Vec<u8>), String> {
    pairs.sort_unstable();
    pairs.dedup();
    let mut keys: Vec<(&[u8], u64)> = Vec::with_capacity(pairs.len());
    let mut blob: Vec<u8> = Vec::with_capacity(pairs.len() * 4);
    // Sorted pairs: each key's postings are one run.
    for run in pairs.chunk_by(|a, b| a.0 == b.0) {
        let start = (blob.len() / 4) as u64;
        let ps = &run[..run.len().min(255)];
        for (_, p) in ps {
            blob.extend_from_slice(&p.to_le_bytes());
        }
        keys.push((run[0].0.as_bytes(), key_value(start, ps.iter().map(|&(_, p)| p))));
    }
    Ok((crate::trie::build(&keys, |v| (v >> 8) as u16 & LOWERCASE_KINDS != 0)?, blob))
}
