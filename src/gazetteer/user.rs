//! User gazetteers (`--gazetteer FILE`) and exclusion lists (`--exclude FILE`).
//!
//! # File format
//!
//! A user gazetteer is a table with a header: tab-separated for `.tsv`,
//! `.txt` and `.tab` files (lines starting with `#` are comments, as in the
//! built-in lists), comma-separated with RFC 4180 quoting for `.csv`. A
//! leading byte-order mark is ignored.
//!
//! | column | |
//! |---|---|
//! | `name` | required: the canonical name, also matched |
//! | `type` | required: `city`, `country`, `region`, `organization`, `person`, `date`, `role`, or a new type (see [`parse_type`]) |
//! | `aliases` | other surface forms, `\|`-separated |
//! | `id` | the user's identifier, echoed as `ref` in the output |
//! | `country` | echoed as `country` |
//! | `case` | `fold` (default), `exact` or `any` (see below) |
//! | anything else | echoed in the output's `attributes` map (empty values left out) |
//!
//! # Matching
//!
//! Entries are compiled into their own [`PhraseMap`], keyed exactly like the
//! built-in lists (same tokenizer, same folding of case, accents and
//! typographic apostrophes), and walked over every article alongside the
//! built-in map, so multi-word names, accents and possessives ("Acme’s")
//! work the same. A match is a [`Candidate`] with [`Source::User`]: at equal
//! length it beats every built-in entry and pattern (see `resolve`), so a
//! user list overrides the built-in one for the same surface form; a longer
//! built-in or pattern name still wins ("Bank of England" over a user
//! "England").
//!
//! Case policy, per entry (`case` column):
//!
//! * `fold` (default): case- and accent-insensitive, with the built-in
//!   lists' ambiguity protection: a surface form whose every word is a
//!   common English word (per the built-in `common_words.txt`: "Target",
//!   "Green Party") matches only when capitalised as written (its first word
//!   always) — and, for one word, only mid-sentence and outside all-capitals
//!   lines; a surface form written as an acronym ("NHS", at most six
//!   letters, no lowercase) matches only text without lowercase letters.
//! * `exact`: the text must equal the surface form as written, case and
//!   accents included ("Zurich" does not match an exact "Zürich"; add it as
//!   an alias); only whitespace between words and the style of apostrophes
//!   and dashes are free. No other rule applies (an exact "Target" matches
//!   at the start of a sentence too).
//! * `any`: case- and accent-insensitive, without ambiguity protection.
//!
//! # Errors
//!
//! Loading fails, naming `FILE:LINE`, on a missing `name` or `type` column,
//! a row with the wrong number of fields, an empty name or type, a bad
//! `case`, a type that looks like a misspelt built-in type, and a duplicate
//! entry with conflicting attributes. An entry's identity is its `type` and
//! `id`, or its `type` and (folded) `name` when it has no id; rows with the
//! same identity must agree on name, country, case and extra columns (their
//! aliases are merged).
//!
//! # Exclusions
//!
//! An exclusion list (`--exclude FILE`) has one surface form per line,
//! optionally followed by a tab and a type; see [`Exclusions`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use crate::hash::FxHasher;
use std::path::Path;
use std::sync::Arc;

use super::{compile, FoldedTokens, Gazetteers, Kind, PhraseMap, Posting, Walk, MAX_KEY_TOKENS, OFFSET_MASK};
use crate::entity::{Attrs, Candidate, EntityType, Resolved, Source, BUILTIN_TYPES};
use crate::error::{Error, Result};
use crate::fold::key_of;
use crate::span::Span;
use crate::tokenize::{self, Token, TokenKind, CAP, LINE_START, SENT_START, UPPER};

/// How an entry's case is matched (the `case` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseRule {
    /// Case-insensitive, with ambiguity protection for common words and acronyms.
    Fold,
    /// The text must equal the surface form as written.
    Exact,
    /// Case-insensitive, no protection.
    Any,
}

/// One entry of a user gazetteer.
#[derive(Clone, Debug, PartialEq)]
pub struct UserEntry {
    /// Canonical name.
    pub name: String,
    /// Entity type.
    pub ty: EntityType,
    /// The user's identifier (`ref` in the output).
    pub id: Option<String>,
    /// Country code.
    pub country: Option<String>,
    /// Case policy.
    pub case: CaseRule,
    /// Extra columns, in header order, non-empty values only.
    pub extra: Vec<(Arc<str>, String)>,
    /// The file it was defined in.
    pub file: Arc<str>,
    /// The line it was defined at.
    pub line: usize,
}

/// A surface form (name or alias) of an entry: what a posting points to.
#[derive(Debug)]
struct Surface {
    entry: u32,
    /// Word and number tokens as written, for `case=exact` and capitalisation.
    words: Vec<Box<str>>,
    /// Every word is a common English word.
    common: bool,
    /// Written as an acronym.
    acronym: bool,
}

/// The user gazetteers of a run, compiled into one map.
pub struct UserGazetteer {
    entries: Vec<UserEntry>,
    surfaces: Vec<Surface>,
    map: PhraseMap,
    types: Vec<EntityType>,
}

impl fmt::Debug for UserGazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserGazetteer")
            .field("entries", &self.entries.len())
            .field("surfaces", &self.surfaces.len())
            .field("types", &self.types)
            .finish()
    }
}

/// Built-in type names, their accepted variants, and nothing else.
const TYPE_SYNONYMS: &[(&str, EntityType)] = &[
    ("cities", EntityType::City),
    ("countries", EntityType::Country),
    ("regions", EntityType::Region),
    ("organizations", EntityType::Organization),
    ("organisation", EntityType::Organization),
    ("organisations", EntityType::Organization),
    ("persons", EntityType::Person),
    ("people", EntityType::Person),
    ("dates", EntityType::Date),
    ("durations", EntityType::Duration),
    ("sets", EntityType::Set),
    ("times", EntityType::Time),
    ("roles", EntityType::Role),
];

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The built-in type a misspelling is closest to: within edit distance 2
/// of the name (1 for names of four letters or fewer: `city`, `date`, `role`, `set`).
pub fn near_builtin(name: &str) -> Option<&'static str> {
    BUILTIN_TYPES
        .iter()
        .map(|t| (levenshtein(name, t.as_str()), t.as_str()))
        .filter(|&(d, s)| d <= if s.len() <= 4 { 1 } else { 2 })
        .min()
        .map(|(_, s)| s)
}

/// True if every word of `key` is a common English word of `map`.
fn all_common(map: &PhraseMap, key: &str) -> bool {
    let mut any = false;
    for w in key.split(' ') {
        if !w.chars().any(char::is_alphabetic) {
            continue;
        }
        any = true;
        let common =
            map.get(w).is_some_and(|v| map.postings(v).filter_map(Posting::decode).any(|p| p.kind == Kind::CommonWord));
        if !common {
            return false;
        }
    }
    any
}

/// Words already looked up by [`all_common_cached`]: a big list repeats its
/// first names and "Holdings" many times. Words of up to 15 bytes are keyed
/// by their bytes and length packed in a `u128`, so a hit compares integers.
#[derive(Default)]
struct CommonMemo {
    short: HashMap<u128, bool, FastHash>,
    long: HashMap<Box<str>, bool, FastHash>,
}

/// [`all_common`] with a memo of the words seen so far.
fn all_common_cached(map: &PhraseMap, key: &str, memo: &mut CommonMemo) -> bool {
    let mut any = false;
    for w in key.split(' ') {
        if !w.chars().any(char::is_alphabetic) {
            continue;
        }
        any = true;
        let common = if w.len() < 16 {
            let mut b = [0u8; 16];
            b[..w.len()].copy_from_slice(w.as_bytes());
            b[15] = w.len() as u8;
            *memo.short.entry(u128::from_le_bytes(b)).or_insert_with(|| all_common(map, w))
        } else {
            match memo.long.get(w) {
                Some(&c) => c,
                None => {
                    let c = all_common(map, w);
                    memo.long.insert(Box::from(w), c);
                    c
                }
            }
        };
        if !common {
            return false;
        }
    }
    any
}

type FastHash = BuildHasherDefault<FxHasher>;

/// Entry identities → entry index. An entry's identity is its type and its
/// id, or its type and `name:` and its folded name (so rows of one identity
/// are one entry). Keyed by the identity's hash, checked against the entry
/// found, so that a big list costs no `String` per entry; an identity whose
/// hash an earlier, different one has (practically never) goes to a second
/// map.
struct Identities {
    by_hash: HashMap<u64, usize, FastHash>,
    collided: HashMap<(EntityType, String), usize>,
    scratch: String,
}

impl Identities {
    fn with_capacity(n: usize) -> Identities {
        Identities {
            by_hash: HashMap::with_capacity_and_hasher(n, FastHash::default()),
            collided: HashMap::new(),
            scratch: String::new(),
        }
    }

    /// `e`'s identity string (after its type); `key` is its folded name.
    fn identity<'s>(e: &UserEntry, key: &str, out: &'s mut String) -> &'s str {
        out.clear();
        match &e.id {
            Some(id) => out.push_str(id),
            None => {
                out.push_str("name:");
                out.push_str(key);
            }
        }
        out
    }

    fn hash(e: &UserEntry, identity: &str) -> u64 {
        let mut h = FxHasher::default();
        e.ty.hash(&mut h);
        identity.hash(&mut h);
        h.finish()
    }

    /// The entry with `e`'s identity, if any.
    fn get(&mut self, entries: &[UserEntry], e: &UserEntry, key: &str) -> Option<usize> {
        let mut scratch = std::mem::take(&mut self.scratch);
        let identity = Identities::identity(e, key, &mut scratch);
        let found = match self.by_hash.get(&Identities::hash(e, identity)) {
            None => None,
            Some(&i) if Identities::same(&entries[i], e, identity) => Some(i),
            Some(_) => self.collided.get(&(e.ty.clone(), identity.to_owned())).copied(),
        };
        self.scratch = scratch;
        found
    }

    /// Record that `e` (not yet known) is entry `index`.
    fn insert(&mut self, e: &UserEntry, key: &str, index: usize) {
        let mut scratch = std::mem::take(&mut self.scratch);
        let identity = Identities::identity(e, key, &mut scratch);
        match self.by_hash.entry(Identities::hash(e, identity)) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(index);
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                self.collided.insert((e.ty.clone(), identity.to_owned()), index);
            }
        }
        self.scratch = scratch;
    }

    /// True if entry `p` has the identity `identity` of type `e.ty`.
    fn same(p: &UserEntry, e: &UserEntry, identity: &str) -> bool {
        p.ty == e.ty
            && match &p.id {
                Some(id) => id == identity,
                None => identity.strip_prefix("name:").is_some_and(|k| key_of(&p.name) == k),
            }
    }
}

/// The map of the surfaces' keys: surface `i`'s key is
/// `keys[ends[i - 1]..ends[i]]` and its posting is `Kind::User` with offset
/// `i`. The same map as [`PhraseMap::from_pairs`] over `(key, posting)`
/// pairs builds (keys in byte order, a key's postings in offset order, at
/// most 255), without a `String` per key: the sort compares the keys' first
/// sixteen bytes as one integer and looks at the arena only on a tie.
fn compile_keys(keys: &[u8], ends: &[u32]) -> Result<PhraseMap> {
    let key = |i: u32| {
        let i = i as usize;
        let start = if i == 0 { 0 } else { ends[i - 1] as usize };
        &keys[start..ends[i] as usize]
    };
    // Big-endian, zero-padded: a smaller prefix means a smaller key (and
    // two keys with the same first 16 bytes are compared in full).
    let prefix = |k: &[u8]| {
        let mut b = [0u8; 16];
        let n = k.len().min(16);
        b[..n].copy_from_slice(&k[..n]);
        u128::from_be_bytes(b)
    };
    let mut order: Vec<(u128, u32)> = (0..ends.len() as u32).map(|i| (prefix(key(i)), i)).collect();
    order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| key(a.1).cmp(key(b.1))).then(a.1.cmp(&b.1)));
    let mut pairs: Vec<(&[u8], u64)> = Vec::with_capacity(ends.len());
    let mut blob: Vec<u8> = Vec::with_capacity(ends.len() * 4);
    for run in order.chunk_by(|a, b| a.0 == b.0 && key(a.1) == key(b.1)) {
        let start = (blob.len() / 4) as u64;
        let ps = &run[..run.len().min(255)];
        for &(_, i) in ps {
            blob.extend_from_slice(&(((Kind::User as u32) << 28) | i).to_le_bytes());
        }
        pairs.push((key(run[0].1), compile::key_value(start, ps.iter().map(|_| (Kind::User as u32) << 28))));
    }
    let trie = super::trie::build(&pairs, |_| false).map_err(Error::other)?;
    PhraseMap::new(Cow::Owned(trie), Cow::Owned(blob))
}

/// Parse a type name, for user gazetteers, exclusion lists and `--types`.
///
/// The rule: names are lowercased; the seven built-in names (and their
/// plurals, `people`, and the spelling `organisation`) are the built-in
/// types; a name within edit distance 2 of a built-in one (1 for `city`,
/// `date`, `role`) is taken for a misspelling and refused with a suggestion
/// (`orgnization`: did you mean `organization`?) — unless it is a common
/// English word (`county`, `data`), when `common` is given; any other name
/// of letters, digits, `_` and `-` starting with a letter is a new type
/// ([`EntityType::Custom`]).
pub fn parse_type(s: &str, common: Option<&PhraseMap>) -> std::result::Result<EntityType, String> {
    let t = s.trim().to_lowercase();
    if t.is_empty() {
        return Err("empty type".into());
    }
    if let Some(ty) = EntityType::builtin(&t) {
        return Ok(ty);
    }
    if let Some((_, ty)) = TYPE_SYNONYMS.iter().find(|(n, _)| *n == t) {
        return Ok(ty.clone());
    }
    let is_word = common.is_some_and(|m| all_common(m, &t));
    if let Some(near) = near_builtin(&t).filter(|_| !is_word) {
        return Err(format!("unknown type {:?}: did you mean {near:?}?", s.trim()));
    }
    let mut chars = t.chars();
    let ident =
        chars.next().is_some_and(|c| c.is_alphabetic()) && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if !ident {
        return Err(format!("type {:?} is not a name: use letters, digits, `_` and `-`", s.trim()));
    }
    Ok(EntityType::Custom(Arc::from(t)))
}

/// Call `f(line, fields)` for the header and every row of a table, by the
/// file's extension; blank and (TSV) comment lines are skipped.
fn each_row(file: &str, text: &str, f: &mut dyn FnMut(usize, &[&str]) -> Result<()>) -> Result<()> {
    let ext = Path::new(file).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut any = false;
    match ext.as_str() {
        "csv" => {
            // Comment lines are blanked, not removed, to keep line numbers.
            let blanked: String =
                text.split_inclusive('\n').map(|l| if l.starts_with('#') { "\n" } else { l }).collect();
            let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(blanked.as_bytes());
            let mut rec = csv::StringRecord::new();
            let (mut seen, mut line) = (0, 1);
            loop {
                match rdr.read_record(&mut rec) {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => {
                        let line = e.position().map_or(0, |p| p.line() as usize);
                        return Err(Error::gazetteer(file, line, format!("invalid CSV: {e}")));
                    }
                }
                // The line of the record's first byte (the reader's own
                // line count starts after skipped blank lines too early).
                let at = rec.position().map_or(0, |p| p.byte() as usize).max(seen);
                let at = at + blanked[at..].len() - blanked[at..].trim_start_matches(['\n', '\r']).len();
                line += blanked.as_bytes()[seen..at].iter().filter(|&&b| b == b'\n').count();
                seen = at;
                if rec.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                let fields: Vec<&str> = rec.iter().collect();
                any = true;
                f(line, &fields)?;
            }
        }
        "tsv" | "txt" | "tab" => {
            let mut fields: Vec<&str> = Vec::new();
            for (n, line) in text.lines().enumerate() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                // As `line.split('\t')`, in one pass (fields are short).
                fields.clear();
                let mut start = 0;
                for (i, b) in line.bytes().enumerate() {
                    if b == b'\t' {
                        fields.push(&line[start..i]);
                        start = i + 1;
                    }
                }
                fields.push(&line[start..]);
                any = true;
                f(n + 1, &fields)?;
            }
        }
        _ => {
            return Err(Error::gazetteer(
                file,
                0,
                "unknown gazetteer format: name the file .tsv or .txt (tab-separated) or .csv (comma-separated)",
            ))
        }
    }
    if !any {
        return Err(Error::gazetteer(file, 1, "no header line (the header must name the columns `name` and `type`)"));
    }
    Ok(())
}

/// The columns of one user gazetteer file.
struct Columns {
    header: Vec<Arc<str>>,
    name: usize,
    ty: usize,
    aliases: Option<usize>,
    id: Option<usize>,
    country: Option<usize>,
    case: Option<usize>,
    extra: Vec<usize>,
}

impl Columns {
    fn new(file: &str, line: usize, fields: &[&str]) -> Result<Columns> {
        let header: Vec<Arc<str>> = fields.iter().map(|h| Arc::from(h.trim())).collect();
        let col = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        for (i, h) in header.iter().enumerate() {
            if h.is_empty() {
                return Err(Error::gazetteer(file, line, format!("column {} has no name", i + 1)));
            }
            if header[..i].iter().any(|o| o.eq_ignore_ascii_case(h)) {
                return Err(Error::gazetteer(file, line, format!("column `{h}` appears twice")));
            }
        }
        let need = |name: &str| {
            col(name).ok_or_else(|| {
                Error::gazetteer(
                    file,
                    line,
                    format!("missing column `{name}` (the header must name the columns `name` and `type`)"),
                )
            })
        };
        let (name, ty) = (need("name")?, need("type")?);
        let (aliases, id, country, case) = (col("aliases"), col("id"), col("country"), col("case"));
        let known = [Some(name), Some(ty), aliases, id, country, case];
        let extra = (0..header.len()).filter(|c| !known.contains(&Some(*c))).collect();
        Ok(Columns { header, name, ty, aliases, id, country, case, extra })
    }
}

impl UserGazetteer {
    /// Load and compile the user gazetteer files `paths`. `base` (the
    /// built-in lists, or `--gazetteer-dir`) supplies the common words for
    /// the ambiguity rule and for telling new types from misspellings.
    pub fn load<P: AsRef<Path>>(paths: &[P], base: &Gazetteers) -> Result<UserGazetteer> {
        let mut files = Vec::new();
        for p in paths {
            let p = p.as_ref();
            let text = std::fs::read_to_string(p).map_err(|e| Error::io(p.display().to_string(), e))?;
            files.push((p.display().to_string(), text));
        }
        UserGazetteer::from_texts(files.iter().map(|(f, t)| (f.as_str(), t.as_str())), base)
    }

    /// Compile user gazetteers from `(file name, contents)` pairs; the name's
    /// extension says the format.
    ///
    /// Start-up cost matters here (a newsroom list can have 100,000 rows), so
    /// the keys go into one byte arena instead of a `String` each, tokens into
    /// one reused buffer, identities and common-word checks into maps with a
    /// cheap hash, and the map is built straight from the arena (see
    /// `compile_keys`).
    pub fn from_texts<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
        base: &Gazetteers,
    ) -> Result<UserGazetteer> {
        let files: Vec<(&str, &str)> = files.into_iter().collect();
        // Rows, for sizing: every row is a line (CSV quoting only makes fewer rows).
        let lines: usize = files.iter().map(|(_, t)| t.bytes().filter(|&b| b == b'\n').count() + 1).sum();
        let text_len: usize = files.iter().map(|(_, t)| t.len()).sum();
        let common = base.map();
        let mut entries: Vec<UserEntry> = Vec::with_capacity(lines);
        let mut surfaces: Vec<Surface> = Vec::with_capacity(lines * 2);
        // Surface `i`'s key is `keys[key_ends[i - 1]..key_ends[i]]`.
        let mut keys: Vec<u8> = Vec::with_capacity(text_len);
        let mut key_ends: Vec<u32> = Vec::with_capacity(lines * 2);
        let mut identities = Identities::with_capacity(lines);
        let mut types: Vec<EntityType> = Vec::new();
        let mut type_cache: HashMap<String, EntityType> = HashMap::new();
        let mut common_words = CommonMemo::default();
        let mut toks: Vec<Token> = Vec::with_capacity(16);
        for (file, text) in files {
            let file_name: Arc<str> = Arc::from(file);
            let csv = file.to_ascii_lowercase().ends_with(".csv");
            let mut cols: Option<Columns> = None;
            each_row(file, text, &mut |line, fields| {
                let Some(c) = &cols else {
                    cols = Some(Columns::new(file, line, fields)?);
                    return Ok(());
                };
                let err = |m: String| Error::gazetteer(file, line, m);
                if fields.len() != c.header.len() {
                    return Err(err(format!(
                        "expected {} {} fields as in the header, found {}",
                        c.header.len(),
                        if csv { "comma-separated" } else { "tab-separated" },
                        fields.len()
                    )));
                }
                let get = |c: Option<usize>| c.map(|c| fields[c].trim()).filter(|s| !s.is_empty());
                let name = get(Some(c.name)).ok_or_else(|| err("empty `name`".into()))?;
                let ty_s = get(Some(c.ty)).ok_or_else(|| err("empty `type`".into()))?;
                let ty = match type_cache.get(ty_s) {
                    Some(t) => t.clone(),
                    None => {
                        let t = parse_type(ty_s, Some(common)).map_err(&err)?;
                        type_cache.insert(ty_s.to_owned(), t.clone());
                        t
                    }
                };
                let case = match get(c.case) {
                    None => CaseRule::Fold,
                    Some(v) if v.eq_ignore_ascii_case("fold") => CaseRule::Fold,
                    Some(v) if v.eq_ignore_ascii_case("exact") => CaseRule::Exact,
                    Some(v) if v.eq_ignore_ascii_case("any") => CaseRule::Any,
                    Some(v) => return Err(err(format!("`case` must be `fold`, `exact` or `any`, not {v:?}"))),
                };
                let mut entry = Some(UserEntry {
                    name: name.to_owned(),
                    ty: ty.clone(),
                    id: get(c.id).map(str::to_owned),
                    country: get(c.country).map(str::to_owned),
                    case,
                    extra: {
                        // Sized exactly: a big list has one per row.
                        let n = c.extra.iter().filter(|&&k| get(Some(k)).is_some()).count();
                        let mut extra = Vec::with_capacity(n);
                        extra.extend(
                            c.extra.iter().filter_map(|&k| get(Some(k)).map(|v| (c.header[k].clone(), v.to_owned()))),
                        );
                        extra
                    },
                    file: file_name.clone(),
                    line,
                });
                if let Some(e) = entry.as_ref().filter(|e| e.ty.is_place()) {
                    geo_of(&e.extra).map_err(&err)?;
                }
                let mut index = None;
                let aliases = get(c.aliases).into_iter().flat_map(|a| a.split('|'));
                for (k, surface) in std::iter::once(name).chain(aliases).enumerate() {
                    let surface = surface.trim();
                    tokenize::tokenize_into(surface, &mut toks);
                    if toks.is_empty() {
                        continue;
                    }
                    if toks.len() > MAX_KEY_TOKENS {
                        return Err(err(format!(
                            "{surface:?} has {} tokens; names of at most {MAX_KEY_TOKENS} are matched",
                            toks.len()
                        )));
                    }
                    let key_start = keys.len();
                    for (j, t) in toks.iter().enumerate() {
                        if j > 0 {
                            keys.push(b' ');
                        }
                        crate::fold::push_folded(t.text(surface), &mut keys);
                    }
                    let key = std::str::from_utf8(&keys[key_start..]).expect("folding keeps UTF-8");
                    if k == 0 {
                        // The entry's identity: its type and id, or its type and name.
                        let e = entry.take().expect("the name comes first");
                        index = Some(match identities.get(&entries, &e, key) {
                            Some(prev) => {
                                let p = &entries[prev];
                                if let Some(what) = conflict(p, &e) {
                                    return Err(err(format!(
                                        "duplicate entry {name:?} ({ty}) conflicts with {}:{}: {what}{}",
                                        p.file,
                                        p.line,
                                        if e.id.is_none() { "; give each an `id` to keep both" } else { "" }
                                    )));
                                }
                                prev
                            }
                            None => {
                                identities.insert(&e, key, entries.len());
                                if !types.contains(&ty) {
                                    types.push(ty.clone());
                                }
                                entries.push(e);
                                entries.len() - 1
                            }
                        });
                    }
                    let Some(index) = index else { return Err(err("empty `name`".into())) };
                    let idx = surfaces.len() as u32;
                    if idx > OFFSET_MASK || keys.len() > u32::MAX as usize {
                        return Err(err("too many names (at most 67,108,863)".into()));
                    }
                    let common = case == CaseRule::Fold && all_common_cached(common, key, &mut common_words);
                    let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
                    let words = if case == CaseRule::Exact || common {
                        toks.iter().filter(|t| t.kind != TokenKind::Punct).map(|t| Box::from(t.text(surface))).collect()
                    } else {
                        Vec::new()
                    };
                    surfaces.push(Surface {
                        entry: index as u32,
                        words,
                        common,
                        acronym: (1..=6).contains(&letters) && !surface.chars().any(char::is_lowercase),
                    });
                    key_ends.push(keys.len() as u32);
                }
                Ok(())
            })?;
        }
        let map = compile_keys(&keys, &key_ends)?;
        Ok(UserGazetteer { entries, surfaces, map, types })
    }

    /// The entries, in file order (duplicates merged).
    pub fn entries(&self) -> &[UserEntry] {
        &self.entries
    }

    /// The types the entries have, in order of first use.
    pub fn types(&self) -> &[EntityType] {
        &self.types
    }

    /// Candidates for every user entry matched in `text`.
    /// Candidates for every entry named in `text`; `folded` are its
    /// tokens folded (as `names::analyze` has them).
    pub fn find(&self, text: &str, tokens: &[Token], folded: &FoldedTokens, out: &mut Vec<Candidate>) {
        if self.map.is_empty() {
            return;
        }
        self.map.walk_all(
            folded,
            |i| if tokens[i].kind == TokenKind::Punct { Walk::Skip } else { Walk::All },
            |i, h| {
                for p in self.map.postings(h.value) {
                    let s = &self.surfaces[(p & OFFSET_MASK) as usize];
                    let entry = &self.entries[s.entry as usize];
                    if self.case_ok(text, tokens, i, h.end, s, entry.case) {
                        out.push(candidate(entry, Span::new(tokens[i].start(), tokens[h.end - 1].end())));
                    }
                }
            },
        );
    }

    fn case_ok(&self, text: &str, tokens: &[Token], s: usize, e: usize, sf: &Surface, case: CaseRule) -> bool {
        let words = tokens[s..e].iter().filter(|t| t.kind != TokenKind::Punct);
        match case {
            CaseRule::Any => true,
            CaseRule::Exact => words.zip(sf.words.iter()).all(|(t, w)| t.text(text) == &**w),
            CaseRule::Fold => {
                if sf.acronym && words.clone().any(|t| t.text(text).chars().any(char::is_lowercase)) {
                    return false;
                }
                if !sf.common {
                    return true;
                }
                let capitalised = words.zip(sf.words.iter()).enumerate().all(|(k, (t, w))| {
                    t.is(CAP)
                        || t.kind == TokenKind::Number
                        || (k > 0 && w.chars().next().is_some_and(char::is_lowercase))
                });
                let single = sf.words.len() == 1;
                capitalised && !(single && (tokens[s].is(SENT_START) || caps_line(text, tokens, s)))
            }
        }
    }
}

/// True if token `i` is on a line of at least two words none of which has a
/// lowercase letter (a headline or dateline in capitals).
fn caps_line(text: &str, tokens: &[Token], i: usize) -> bool {
    let mut s = i;
    while s > 0 && !tokens[s].is(LINE_START) {
        s -= 1;
    }
    let mut e = i + 1;
    while e < tokens.len() && !tokens[e].is(LINE_START) {
        e += 1;
    }
    let words: Vec<&Token> = tokens[s..e].iter().filter(|t| t.is_word()).collect();
    let _ = text;
    words.len() >= 2 && words.iter().all(|t| t.is(UPPER))
}

/// What differs between two rows of one identity, if anything but aliases.
fn conflict(a: &UserEntry, b: &UserEntry) -> Option<String> {
    let show = |v: &Option<String>| v.as_deref().map_or("(empty)".to_owned(), |s| format!("{s:?}"));
    if a.name != b.name {
        return Some(format!("`name` {:?} vs {:?}", a.name, b.name));
    }
    if a.country != b.country {
        return Some(format!("`country` {} vs {}", show(&a.country), show(&b.country)));
    }
    if a.case != b.case {
        return Some(format!("`case` {:?} vs {:?}", a.case, b.case).to_lowercase());
    }
    if a.extra != b.extra {
        let mut cols: Vec<&str> = a.extra.iter().chain(&b.extra).map(|(k, _)| &**k).collect();
        cols.dedup();
        for c in cols {
            let va = a.extra.iter().find(|(k, _)| &**k == c).map(|(_, v)| v.clone());
            let vb = b.extra.iter().find(|(k, _)| &**k == c).map(|(_, v)| v.clone());
            if va != vb {
                return Some(format!("`{c}` {} vs {}", show(&va), show(&vb)));
            }
        }
    }
    None
}

/// The columns of a user's place that land in the place fields of the
/// output (not in `attributes`).
pub const GEO_COLUMNS: [&str; 6] = ["lat", "lon", "population", "admin1", "geonames_id", "feature"];

/// The place fields of a user entry's extra columns, checked: a latitude
/// and longitude in range, whole numbers for population and GeoNames id.
fn geo_of(extra: &[(Arc<str>, String)]) -> std::result::Result<Attrs, String> {
    let mut a = Attrs::default();
    for (k, v) in extra {
        let num = |what: &str| v.parse::<f64>().map_err(|_| format!("`{k}` must be {what}, not {v:?}"));
        match &**k {
            "lat" => {
                a.lat = Some(num("a latitude in degrees")?)
                    .filter(|x| (-90.0..=90.0).contains(x))
                    .map_or_else(|| Err(format!("`lat` must lie between -90 and 90, not {v}")), |x| Ok(Some(x)))?
            }
            "lon" => {
                a.lon = Some(num("a longitude in degrees")?)
                    .filter(|x| (-180.0..=180.0).contains(x))
                    .map_or_else(|| Err(format!("`lon` must lie between -180 and 180, not {v}")), |x| Ok(Some(x)))?
            }
            "population" => {
                a.population = Some(v.parse().map_err(|_| format!("`population` must be a whole number, not {v:?}"))?)
            }
            "geonames_id" => {
                a.geonames_id = Some(v.parse().map_err(|_| format!("`geonames_id` must be a whole number, not {v:?}"))?)
            }
            "admin1" => a.admin1 = Some(v.clone()),
            "feature" => a.feature = Some(v.clone()),
            _ => {}
        }
    }
    if a.lat.is_some() != a.lon.is_some() {
        return Err("`lat` and `lon` go together: give both or neither".into());
    }
    Ok(a)
}

fn candidate(e: &UserEntry, span: Span) -> Candidate {
    let key = match &e.id {
        Some(id) => format!("user:{}:{id}", e.ty),
        None => format!("user:{}:name:{}", e.ty, key_of(&e.name)),
    };
    let place = e.ty.is_place();
    let geo = if place { geo_of(&e.extra).unwrap_or_default() } else { Attrs::default() };
    Candidate {
        span,
        ty: e.ty.clone(),
        attrs: Arc::new(Attrs {
            name: e.name.as_str().into(),
            key: key.into(),
            country: e.country.clone(),
            reference: e.id.clone(),
            extra: e
                .extra
                .iter()
                .filter(|(k, _)| !(place && GEO_COLUMNS.contains(&&**k)))
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            ..geo
        }),
        source: Source::User,
        priority: 10,
        short: None,
        rule: crate::rules::Rule::UserEntry,
    }
}

/// Surface forms never to report (`--exclude FILE`).
///
/// One surface form per line; blank lines and lines starting with `#` are
/// skipped. A tab ends the form and starts a type column (the form is then
/// excluded only for that type); without a tab, the part after the last
/// comma is a type column if it names a built-in type or a type of the user
/// gazetteers ("Apple,organization"), otherwise the comma is part of the
/// form ("Washington, D.C."). Forms are compared folded (case, accents).
///
/// Exclusion applies **after** resolution: an excluded name still occupies
/// its text, so excluding "Bank of England" does not make "England" appear.
/// A mention is dropped when its text is an excluded form; an entity is
/// dropped whole when its canonical name is one (so the later "Ferreira" of
/// an excluded "Ana Ferreira" goes too) or when no mention is left.
#[derive(Debug, Default)]
pub struct Exclusions {
    /// Folded form → types it is excluded for (`None`: every type).
    forms: HashMap<String, Option<Vec<EntityType>>>,
}

impl Exclusions {
    /// Load exclusion lists (`--exclude`, repeatable) into one, as if the
    /// files were one list; `user_types` are the types of the run's user
    /// gazetteers.
    pub fn load<P: AsRef<Path>>(paths: &[P], user_types: &[EntityType], base: &Gazetteers) -> Result<Exclusions> {
        let mut all = Exclusions::default();
        for p in paths {
            let p = p.as_ref();
            let text = std::fs::read_to_string(p).map_err(|e| Error::io(p.display().to_string(), e))?;
            all.add(&p.display().to_string(), &text, user_types, base)?;
        }
        Ok(all)
    }

    /// Parse an exclusion list's text.
    pub fn parse(file: &str, text: &str, user_types: &[EntityType], base: &Gazetteers) -> Result<Exclusions> {
        let mut ex = Exclusions::default();
        ex.add(file, text, user_types, base)?;
        Ok(ex)
    }

    /// Add the forms of an exclusion list's text: a form excluded for every
    /// type in any list is excluded for every type; otherwise its types add up.
    fn add(&mut self, file: &str, text: &str, user_types: &[EntityType], base: &Gazetteers) -> Result<()> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let forms = &mut self.forms;
        let known = |t: &EntityType| !matches!(t, EntityType::Custom(_)) || user_types.contains(t);
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |m: String| Error::gazetteer(file, n + 1, m);
            let (form, ty) = if let Some((form, ty)) = line.rsplit_once('\t') {
                let t = parse_type(ty, Some(base.map())).map_err(err)?;
                if !known(&t) {
                    return Err(err(format!("unknown type {:?}: no user gazetteer defines it", ty.trim())));
                }
                (form, Some(t))
            } else {
                match line.rsplit_once(',').and_then(|(f, t)| parse_type(t, None).ok().filter(known).map(|t| (f, t))) {
                    Some((form, t)) => (form, Some(t)),
                    None => (line, None),
                }
            };
            let key = key_of(form.trim());
            if key.is_empty() {
                return Err(err("empty surface form".into()));
            }
            let slot = forms.entry(key).or_insert_with(|| Some(Vec::new()));
            match (slot.as_mut(), ty) {
                (Some(v), Some(t)) => v.push(t),
                (_, None) => *slot = None,
                (None, Some(_)) => {}
            }
        }
        Ok(())
    }

    /// Number of excluded forms.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// True if nothing is excluded.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    fn excludes(&self, surface: &str, ty: &EntityType) -> bool {
        match self.forms.get(&key_of(surface)) {
            Some(None) => true,
            Some(Some(types)) => types.contains(ty),
            None => false,
        }
    }

    /// Drop excluded mentions (byte spans into `text`) and empty their
    /// entities when the canonical name is excluded; the caller removes
    /// entities left without mentions.
    pub fn apply(&self, text: &str, entities: &mut [Resolved]) {
        for e in entities {
            if self.excludes(&e.name, &e.ty) {
                e.mentions.clear();
            } else {
                e.mentions.retain(|m| !self.excludes(&text[m.start..m.end], &e.ty));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types() {
        let g = Gazetteers::builtin();
        let m = Some(g.map());
        assert_eq!(parse_type("Organization", m), Ok(EntityType::Organization));
        assert_eq!(parse_type("organisation", m), Ok(EntityType::Organization));
        assert_eq!(parse_type("people", m), Ok(EntityType::Person));
        assert!(parse_type("orgnization", m).unwrap_err().contains("did you mean \"organization\"?"));
        assert!(parse_type("persn", m).unwrap_err().contains("\"person\""));
        assert!(parse_type("cty", m).unwrap_err().contains("\"city\""));
        assert_eq!(parse_type("county", m), Ok(EntityType::Custom("county".into())));
        assert!(parse_type("county", None).is_err());
        assert_eq!(parse_type("site", m), Ok(EntityType::Custom("site".into())));
        assert_eq!(parse_type("Product", m), Ok(EntityType::Custom("product".into())));
        assert!(parse_type("two words", m).unwrap_err().contains("not a name"));
    }

    fn find(g: &UserGazetteer, text: &str) -> Vec<String> {
        let toks = tokenize::tokenize(text);
        let mut out = Vec::new();
        g.find(text, &toks, &FoldedTokens::new(text, &toks), &mut out);
        out.iter().map(|c| format!("{}={}", &text[c.span.start..c.span.end], c.name())).collect()
    }

    #[test]
    fn case_rules() {
        let base = Gazetteers::builtin();
        let tsv = "name\ttype\tcase\taliases\n\
                   Target\torganization\t\t\n\
                   Acme Widget\tproduct\t\tWidgetCo\n\
                   NHS\torganization\t\t\n\
                   Apple\tcompany\texact\t\n\
                   Zürich Re\tcompany\t\t\n";
        let g = UserGazetteer::from_texts([("u.tsv", tsv)], &base).unwrap();
        assert_eq!(find(&g, "We hit the target at Target."), ["Target=Target"]);
        assert_eq!(find(&g, "Target said so."), Vec::<String>::new());
        assert_eq!(
            find(&g, "the acme widget and ACME WIDGET’s rival"),
            ["acme widget=Acme Widget", "ACME WIDGET=Acme Widget"]
        );
        assert_eq!(find(&g, "nhs NHS"), ["NHS=NHS"]);
        assert_eq!(find(&g, "Apple apple APPLE"), ["Apple=Apple"]);
        assert_eq!(find(&g, "zurich re"), ["zurich re=Zürich Re"]);
    }

    #[test]
    fn compiled_keys_match_the_generic_build() {
        // Keys that share long prefixes, are prefixes of each other, hold a
        // NUL byte, repeat (one more than the 255 postings a key keeps).
        let mut list: Vec<String> = vec![
            "ab".into(),
            "ab\0".into(),
            "ab\0\u{1}".into(),
            "abcdefghijklmnopq".into(),
            "abcdefghijklmnop".into(),
            "abcdefghijklmnopqr".into(),
            "abcdefghijklmnopqr s".into(),
            "zurich re".into(),
            "a".into(),
            String::new(),
        ];
        list.extend(std::iter::repeat_n("acme".to_owned(), 256));
        list.extend(["ab".into(), "zurich re".into()]);
        let (mut keys, mut ends) = (Vec::new(), Vec::new());
        let mut pairs = Vec::new();
        for (i, k) in list.iter().enumerate() {
            keys.extend_from_slice(k.as_bytes());
            ends.push(keys.len() as u32);
            pairs.push((k.clone(), ((Kind::User as u32) << 28) | i as u32));
        }
        let ours = compile_keys(&keys, &ends).unwrap();
        let generic = PhraseMap::from_pairs(pairs).unwrap();
        assert_eq!(ours.len(), generic.len());
        for k in &list {
            let a: Vec<u32> = ours.postings(ours.get(k).unwrap()).collect();
            let b: Vec<u32> = generic.postings(generic.get(k).unwrap()).collect();
            assert_eq!(a, b, "{k:?}");
        }
        assert_eq!(ours.postings(ours.get("acme").unwrap()).count(), 255);
    }

    #[test]
    fn identity_is_type_and_id_or_type_and_folded_name() {
        let base = Gazetteers::builtin();
        let load = |t: &str| {
            UserGazetteer::from_texts([("u.tsv", t)], &base).map(|g| g.entries().len()).map_err(|e| e.to_string())
        };
        // Same type and folded name, no id: one entry, aliases merged.
        assert_eq!(load("name\ttype\taliases\nZürich Re\tfirm\tZR\nZürich Re\tfirm\tZRe\n"), Ok(1));
        // Other type, or other id: two entries.
        assert_eq!(load("name\ttype\nAcme\tfirm\nAcme\tshop\n"), Ok(2));
        assert_eq!(load("name\ttype\tid\nAcme\tfirm\t1\nAcme\tfirm\t2\n"), Ok(2));
        // An id spelt like a name identity is that identity.
        assert_eq!(load("name\ttype\tid\nAcme\tfirm\tname:acme\nAcme\tfirm\t\n"), Ok(1));
        // Many entries: every row its own entry.
        let mut big = String::from("name\ttype\tid\n");
        for i in 0..5000 {
            big.push_str(&format!("Name {i}\tfirm\t{}\n", i % 4000));
        }
        assert!(load(&big).unwrap_err().contains("u.tsv:4002: duplicate entry \"Name 4000\""));
    }

    #[test]
    fn errors() {
        let base = Gazetteers::builtin();
        let load = |name: &str, text: &str| UserGazetteer::from_texts([(name, text)], &base).unwrap_err().to_string();
        assert_eq!(
            load("u.tsv", "name\tkind\nX\ty\n"),
            "gazetteer u.tsv:1: missing column `type` (the header must name the columns `name` and `type`)"
        );
        assert!(
            load("u.csv", "name,type\nX,orgnization\n").starts_with("gazetteer u.csv:2: unknown type \"orgnization\"")
        );
        assert!(load("u.tsv", "name\ttype\tid\nX\tproduct\t1\nY\tproduct\t1\n").contains("u.tsv:3: duplicate entry"));
        assert!(load("u.tsv", "name\ttype\nX\tproduct\textra\n").contains("u.tsv:2: expected 2"));
        // Same row twice, aliases merged: fine.
        let ok = "name\ttype\taliases\nX\tproduct\tA\nX\tproduct\tB\n";
        assert_eq!(UserGazetteer::from_texts([("u.tsv", ok)], &base).unwrap().entries().len(), 1);
    }
}
