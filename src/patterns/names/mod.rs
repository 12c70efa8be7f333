//! Names: people, organizations and places in capitalised text.
//!
//! The gazetteers know many names; news mentions many more. This stage
//! reads the article as a sequence of *chunks* — runs of capitalised tokens
//! with the connectors names contain ("of", "van", "bin", hyphens, initials)
//! — and decides what each chunk is from what the gazetteers say about its
//! tokens and from the context around it:
//!
//! 1. leading honorifics, titles, demonyms and places ("French President",
//!    "Mr.", "NASA Administrator") are split off as cues;
//! 2. a chunk that is exactly a gazetteer entry takes the entry's type;
//! 3. organization heads ("University", "Council", "Inc.") make organizations;
//! 4. given names, surnames, honorific/title cues and "X said" make people.
//!
//! It emits [`Candidate`]s; overlaps with other matchers are settled in
//! `resolve`.
//!
//! This module reads every token up in the gazetteers ([`analyze`]) and
//! runs the stage ([`find`]); its parts:
//!
//! - `entries`: which postings of each gazetteer match the article means
//!   where the name stands, and nationality words;
//! - `evidence`: what the rest of the article says of a name (written in
//!   lowercase elsewhere, named in full, speaking);
//! - [`chunk`](chunks): the capitalised chunks;
//! - `classify`: what each chunk names, step by step, with the tests of
//!   `context`;
//! - `lone`: lone words settled once every candidate is in
//!   ([`LoneWords::settle`]).

use std::cell::RefCell;
use std::sync::{Arc, LazyLock};

use crate::entity::{shared_str, shared_utf8, Attrs, Candidate, EntityType, Source, VOUCHED};
use crate::gazetteer::{
    Col, FoldedTokens, Gazetteers, Hit, Kind, PhraseMap, Posting, Table, TokenIds, Walk, LOWERCASE_KINDS,
};
use crate::hash::{memoized, FastMap, FastSet};
use crate::patterns::words::{WordClasses, MAX_WORD};
use crate::rules::{Rejection, Rule};
use crate::span::Span;
use crate::tokenize::{Token, TokenKind, CAP, LINE_START, LOWER, NON_ASCII, SENT_START, SPACE_BEFORE, UPPER};

mod chunk;
mod classify;
mod context;
mod entries;
mod evidence;
mod lone;

pub use chunk::chunks;
use classify::classify_chunk;
use entries::Entries;
use evidence::{
    among_companies, initials_of, listed_beside, office_and_name_after, orgs_named_in_full, speech_verb_after,
    subject_word_after, title_and_name_after, NameEvidence,
};

/// Per-token facts from one-token gazetteer keys.
#[derive(Clone, Copy, Default, Debug)]
pub struct TokInfo {
    bits: u16,
    /// The rules' word lists the token is in (`W_*`).
    words: u32,
}

const GIVEN: u16 = 1;
const SURNAME: u16 = 2;
const COMMON: u16 = 4;
const HONORIFIC: u16 = 8;
const ROLE: u16 = 16;
const DEMONYM: u16 = 32;
const LEGAL: u16 = 64;
const PLACE: u16 = 128;
const ORG: u16 = 256;
const NAME_TOKEN: u16 = 512;
/// A key with a title's or honorific's entry ends at the token (a cue
/// may end here: see [`title_ending_at`]).
const CUE_END: u16 = 1024;
/// A key with a title's or honorific's entry starts at the token (see
/// [`longest_cue`]).
const CUE_START: u16 = 2048;

impl TokInfo {
    fn has(self, b: u16) -> bool {
        self.bits & b != 0
    }

    /// In one of the word lists `w` (`W_*` bits).
    fn is(self, w: u32) -> bool {
        self.words & w != 0
    }
}

/// Word lists of the rules below, as [`TokInfo::is`] bits.
const W_DATE: u32 = 1;
const W_ORG_HEAD: u32 = 2;
const W_OF_HEAD: u32 = 4;
const W_PARTICLE: u32 = 8;
const W_SPEECH: u32 = 16;
const W_SPORTS: u32 = 32;
const W_LOCATIVE: u32 = 64;
const W_FACILITY: u32 = 128;
/// Can start a date ([`crate::patterns::date::trigger_words`]).
const W_DATE_TRIGGER: u32 = 256;
const W_INDIVIDUAL: u32 = 512;
const W_TIME_ZONE: u32 = 1024;
const W_PLACE_PREPOSITION: u32 = 2048;
const W_FEATURE_PREFIX: u32 = 1 << 12;
const W_GROUP: u32 = 1 << 13;
const W_EVENT: u32 = 1 << 14;
/// Nouns for a place's people and homes ("a Millbrook man").
const W_LOCAL_NOUN: u32 = 1 << 15;
const W_COMPASS: u32 = 1 << 16;
const W_DISEASE: u32 = 1 << 17;
/// "counties", "parishes": a list of county names before them.
const W_COUNTIES: u32 = 1 << 18;
/// Public bodies of a town, county or state ("X Police Department").
const W_LOCAL_BODY: u32 = 1 << 19;
/// Words that end names of streets and natural features ("X Street", "X River").
const W_LOCATION_HEAD: u32 = 1 << 20;
/// Nouns that call a name an organization in an appositive ("a nonprofit group").
const W_ORG_NOUN: u32 = 1 << 21;
/// `settlement_nouns.txt`.
const W_SETTLEMENT: u32 = 1 << 22;
/// `settlement_followers.txt`.
const W_AFTER_SETTLEMENT: u32 = 1 << 23;
/// `company_subject_words.txt`.
const W_COMPANY_SUBJECT: u32 = 1 << 24;
const W_STORM: u32 = 1 << 25;
/// `leader_nouns.txt`.
const W_LEADER_NOUN: u32 = 1 << 26;
/// `faith_words.txt`.
const W_FAITH: u32 = 1 << 27;
/// `division_words.txt`.
const W_DIVISION: u32 = 1 << 28;
/// `body_words.txt`.
const W_BODY: u32 = 1 << 29;
/// `place_nouns.txt`.
const W_PLACE_NOUN: u32 = 1 << 30;
/// `expert_words.txt`, singular and plural ("analyst", "analysts").
const W_EXPERT: u32 = 1 << 31;

/// `source_before_to.txt`.
static SOURCE_BEFORE_TO: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| crate::rules::words(crate::rules::SOURCE_BEFORE_TO).collect());

/// `family_name_followers.txt`.
static FAMILY_NAME_FOLLOWERS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| crate::rules::words(crate::rules::FAMILY_NAME_FOLLOWERS).collect());

/// The tag of [`WORDS`] lookups in the trie's front cache.
const WORDS_TAG: u32 = 1;

static WORDS: LazyLock<WordClasses> = LazyLock::new(|| {
    use crate::rules::*;
    let lists: [(&'static str, u32); 28] = [
        (ORG_NOUNS, W_ORG_NOUN),
        (COMPANY_SUBJECT_WORDS, W_COMPANY_SUBJECT),
        (SETTLEMENT_NOUNS, W_SETTLEMENT),
        (SETTLEMENT_FOLLOWERS, W_AFTER_SETTLEMENT),
        (PLACE_PREPOSITIONS, W_PLACE_PREPOSITION),
        (ORG_HEADS, W_ORG_HEAD),
        (OF_HEADS, W_OF_HEAD),
        (PARTICLES, W_PARTICLE),
        (SPEECH_VERBS, W_SPEECH),
        (SPORTS_WORDS, W_SPORTS),
        (INDIVIDUAL_SPORTS_WORDS, W_INDIVIDUAL),
        (LOCATIVES, W_LOCATIVE),
        (FACILITY_HEADS, W_FACILITY),
        (LOCATION_HEADS, W_LOCATION_HEAD),
        (FEATURE_PREFIXES, W_FEATURE_PREFIX),
        (GROUP_WORDS, W_GROUP),
        (EVENT_HEADS, W_EVENT),
        (STORM_WORDS, W_STORM),
        (LEADER_NOUNS, W_LEADER_NOUN),
        (FAITH_WORDS, W_FAITH),
        (DIVISION_WORDS, W_DIVISION),
        (LOCAL_NOUNS, W_LOCAL_NOUN),
        (TIME_ZONES, W_TIME_ZONE),
        (COMPASS_WORDS, W_COMPASS),
        (DISEASE_WORDS, W_DISEASE),
        (LOCAL_BODIES, W_LOCAL_BODY),
        (BODY_WORDS, W_BODY),
        (PLACE_NOUNS, W_PLACE_NOUN),
    ];
    let mut v: Vec<(&str, u32)> = lists.iter().flat_map(|&(l, b)| words(l).map(move |w| (w, b))).collect();
    v.extend([("counties", W_COUNTIES), ("parishes", W_COUNTIES)]);
    // (Every word of the list makes its plural with an s.)
    let plurals: &'static [String] = Vec::leak(words(EXPERT_WORDS).map(|w| format!("{w}s")).collect::<Vec<String>>());
    v.extend(words(EXPERT_WORDS).chain(plurals.iter().map(String::as_str)).map(|w| (w, W_EXPERT)));
    v.extend(crate::patterns::date::calendar_words().map(|w| (w, W_DATE)));
    v.extend(crate::patterns::date::trigger_words().map(|w| (w, W_DATE_TRIGGER)));
    WordClasses::new(v)
});

/// True if `s` in lowercase is a word of `list` (lowercase words).
fn lower_eq(s: &str, list: &[&str]) -> bool {
    lower_eq_bytes(s.as_bytes(), list)
}

/// [`lower_eq`] of token `t`'s text: its bytes (a byte slice needs no
/// check of character boundaries, as a str slice does).
fn token_is(text: &str, t: &Token, list: &[&str]) -> bool {
    lower_eq_bytes(&text.as_bytes()[t.start()..t.end()], list)
}

fn lower_eq_bytes(s: &[u8], list: &[&str]) -> bool {
    debug_assert!(list.iter().all(|w| !w.bytes().any(|b| b.is_ascii_uppercase())));
    list.iter().any(|w| w.len() == s.len() && w.as_bytes().eq_ignore_ascii_case(s))
}

/// What the gazetteers said at each token.
pub struct Analysis {
    /// Facts per token.
    pub info: Vec<TokInfo>,
    /// The hits of keys with entries the later stages look up by span
    /// (places, organizations, titles, honorifics, demonyms): `(start
    /// token, hit)`, in start order. Keys that are only words of names or
    /// common words are known by their token's [`TokInfo`] bits alone.
    pub hits: Vec<(usize, Hit)>,
    /// Where the hits of each token start in `hits` (one more entry than tokens).
    hit_index: Vec<u32>,
    /// True for tokens on a line with no lowercase word (headlines, datelines).
    pub caps_line: Vec<bool>,
    /// The folded tokens (gazetteer keys).
    pub folded: FoldedTokens,
    /// Each token's trie id and one-token word: its vocabulary id (equal
    /// ids: equal folded words, for tokens the gazetteers know) and the
    /// value of the token alone as a key.
    ids: TokenIds,
    /// The tokens that may start a date (see [`Analysis::date_starts`]).
    date_starts: Vec<u32>,
    /// The capitalised tokens ([`Token::is_capitalized`]), in order.
    capitalized: Vec<u32>,
    /// The tokens "counties" and "parishes" (see [`Analysis::counties`]).
    counties: Vec<u32>,
    /// [`context::unknown_place`]'s reading of each unknown word of a long record,
    /// by the word's hash: (a token of the word, its reading). Filled as
    /// words are asked about, so that each is read once however often it
    /// recurs (the reading looks at every capitalised token).
    unknown_words: RefCell<FastMap<u64, (u32, bool)>>,
    /// The common words of a headline in title case ("Millbrook Opens New
    /// Skate Park"), capitalised by the style and no names: a name
    /// there stops before them (see [`title_case_commons`]).
    title_commons: Vec<u32>,
    /// Number of words.
    words: usize,
    /// Number of words in the sports word list.
    sports_words: usize,
    /// Keep the readings the rules turn down (`--explain`).
    pub explain: bool,
}

/// The kinds whose hits [`Analysis::hits`] keeps (bit `k` for kind `k`).
const SPAN_KINDS: u16 = PhraseMap::kind_mask(&[
    Kind::City,
    Kind::Town,
    Kind::Country,
    Kind::Region,
    Kind::Organization,
    Kind::Role,
    Kind::Honorific,
    Kind::Demonym,
    Kind::LegalSuffix,
]);

/// The [`TokInfo`] bit of each kind of a single-token key, by kind number.
static KIND_BITS: [u16; 16] = {
    let mut bits = [0u16; 16];
    let mut k = 0;
    while k < 16 {
        bits[k] = match Kind::from_posting((k as u32) << 28) {
            Some(Kind::GivenName) => GIVEN,
            Some(Kind::NameToken) => NAME_TOKEN,
            Some(Kind::Surname) => SURNAME,
            Some(Kind::CommonWord) => COMMON,
            Some(Kind::Honorific) => HONORIFIC,
            Some(Kind::Role) => ROLE,
            Some(Kind::Demonym) => DEMONYM,
            Some(Kind::LegalSuffix) => LEGAL,
            Some(Kind::City | Kind::Country | Kind::Region) => PLACE,
            Some(Kind::Organization | Kind::User) => ORG,
            // Towns are weighed by `resolve::places`, not by the name rules.
            Some(Kind::Town) | None => 0,
        };
        k += 1;
    }
    bits
};

/// The [`TokInfo`] bits of a set of kinds, a byte of the set at a time:
/// `KINDS_LO[s & 0xFF] | KINDS_HI[s >> 8]`.
static KINDS_LO: [u16; 256] = kind_set_bits(0);
static KINDS_HI: [u16; 256] = kind_set_bits(8);

const fn kind_set_bits(shift: usize) -> [u16; 256] {
    let mut t = [0u16; 256];
    let mut set = 0;
    while set < 256 {
        let mut k = 0;
        while k < 8 {
            if set & (1 << k) != 0 {
                t[set] |= KIND_BITS[k + shift];
            }
            k += 1;
        }
        set += 1;
    }
    t
}

/// Look every token up in the gazetteers.
pub fn analyze(text: &str, tokens: &[Token], gaz: &Gazetteers) -> Analysis {
    let map = gaz.map();
    let folded = FoldedTokens::new(text, tokens);
    let (ids, classes) = token_classes(map, tokens, &folded);
    let Classes { mut info, date_starts, capitalized, counties, words, sports_words } = classes;
    let Walks { hits, hit_index, caps_line } = walk_tokens(text, tokens, map, &ids, &mut info);
    let title_commons = title_case_commons(text, tokens, &info, &hits, &caps_line);
    Analysis {
        info,
        hits,
        hit_index,
        caps_line,
        title_commons,
        unknown_words: RefCell::default(),
        folded,
        ids,
        date_starts,
        capitalized,
        counties,
        words,
        sports_words,
        explain: false,
    }
}

/// What the first pass over the tokens learns (see [`token_classes`]).
struct Classes {
    info: Vec<TokInfo>,
    date_starts: Vec<u32>,
    capitalized: Vec<u32>,
    counties: Vec<u32>,
    words: usize,
    sports_words: usize,
}

/// Each token's trie id; then its word classes, in a pass that also
/// lists the tokens later stages look at (the possible date starts,
/// about one in ten; the capitalised ones, about one in six) and counts
/// the words (the gazetteer walks follow in [`walk_tokens`]).
#[inline]
fn token_classes(map: &PhraseMap, tokens: &[Token], folded: &FoldedTokens) -> (TokenIds, Classes) {
    let n = tokens.len();
    let classes = &*WORDS;
    let mut info: Vec<TokInfo> = Vec::with_capacity(n);
    let mut date_starts = Vec::with_capacity(n / 8 + 16);
    let mut capitalized = Vec::with_capacity(n / 4 + 16);
    let (mut word_count, mut sports_words) = (0, 0);
    // Rare: no allocation unless an article has one.
    let mut counties = Vec::new();
    // The classes come token by token from the id look-ups, in order:
    // each token's row is filled as its classes arrive, with no table of
    // them and no second pass.
    let mut toks = tokens.iter();
    let ids = map.token_ids_aux(
        folded,
        WORDS_TAG,
        |head, len| if len <= MAX_WORD { classes.id_of_head(head, len) } else { 0 },
        |c| {
            let j = info.len();
            let t = toks.next().expect("one class per token");
            // The lists are ASCII, and an ASCII token folds to its lowercase
            // (of its own length: class 0 past `MAX_WORD`).
            let mut words = if c != 0 && t.is_word() && !t.is(NON_ASCII) { classes.bits_of_id(c) } else { 0 };
            // "according to", "thanks to": a source or a cause follows, no
            // place; such a "to" is no locative.
            if words & W_LOCATIVE != 0 && j > 0 && t.is(LOWER) && folded.token(j) == b"to" {
                let before = &tokens[j - 1];
                if before.is(LOWER)
                    && !before.is(NON_ASCII)
                    && SOURCE_BEFORE_TO.iter().any(|w| folded.token(j - 1) == w.as_bytes())
                {
                    words &= !W_LOCATIVE;
                }
            }
            if crate::patterns::date::may_start(t, words & W_DATE_TRIGGER != 0) {
                date_starts.push(j as u32);
            }
            if t.is_capitalized() {
                capitalized.push(j as u32);
            }
            if words & W_COUNTIES != 0 {
                counties.push(j as u32);
            }
            if t.is_word() {
                word_count += 1;
                sports_words += usize::from(words & W_SPORTS != 0);
            }
            info.push(TokInfo { bits: 0, words });
        },
    );
    debug_assert_eq!(info.len(), n);
    (ids, Classes { info, date_starts, capitalized, counties, words: word_count, sports_words })
}

/// What the gazetteer walks find (see [`walk_tokens`]).
struct Walks {
    hits: Vec<(usize, Hit)>,
    hit_index: Vec<u32>,
    caps_line: Vec<bool>,
}

/// One pass for the walks, the index of their hits and capitals lines;
/// each token's gazetteer bits go into `info`.
#[inline]
fn walk_tokens(text: &str, tokens: &[Token], map: &PhraseMap, ids: &TokenIds, info: &mut [TokInfo]) -> Walks {
    let n = tokens.len();
    // About one hit for every ten tokens of news.
    let mut hits = Vec::with_capacity(n / 8 + 16);
    // hits[hit_index[i]..hit_index[i + 1]] start at token i.
    let mut hit_index: Vec<u32> = Vec::with_capacity(n + 1);
    // Lines without lowercase words: headlines and datelines in capitals.
    let mut caps_line = vec![false; n];
    let (mut line, mut words, mut upper) = (0, 0, 0);
    for (i, (t, row)) in tokens.iter().zip(info.iter_mut()).enumerate() {
        hit_index.push(hits.len() as u32);
        if i > line && t.is(LINE_START) {
            if words >= 2 && upper == words {
                caps_line[line..i].iter_mut().for_each(|c| *c = true);
            }
            (line, words, upper) = (i, 0, 0);
        }
        if t.is_word() {
            words += 1;
            upper += usize::from(t.is(UPPER));
        }
        // Names begin with a capital: from a word in lowercase, only titles
        // and honorifics are looked for (and the word's own entries).
        // (The Arabic article opens a name lowercase: [`arabic_article`].)
        let (walk, span_kinds) = match t {
            t if t.kind == TokenKind::Punct => continue,
            // (Its second letter first: "al" and "el" end in "l".)
            t if t.is(LOWER)
                && !(t.end() - t.start() == 2
                    && text.as_bytes()[t.start() + 1] == b'l'
                    && arabic_article(text, tokens, i)) =>
            {
                (Walk::Lowercase, SPAN_KINDS & LOWERCASE_KINDS)
            }
            _ => (Walk::All, SPAN_KINDS),
        };
        let mut bits = 0;
        map.walk(ids, i, walk, |h| {
            // The kinds of the key's entries, from its value alone.
            let kinds = PhraseMap::kinds(h.value);
            if h.end == i + 1 {
                bits = KINDS_LO[usize::from(kinds as u8)] | KINDS_HI[usize::from(kinds >> 8)];
            }
            if kinds & span_kinds != 0 {
                hits.push((i, h));
            }
        });
        row.bits = bits;
    }
    hit_index.push(hits.len() as u32);
    for &(i, h) in &hits {
        if PhraseMap::kinds(h.value) & CUE_KINDS != 0 {
            info[i].bits |= CUE_START;
            info[h.end - 1].bits |= CUE_END;
        }
    }
    if words >= 2 && upper == words {
        caps_line[line..].iter_mut().for_each(|c| *c = true);
    }
    Walks { hits, hit_index, caps_line }
}

/// A run of capitalised tokens `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
}

/// True if tokens `s..e` name a saint in a possessive ("St. Anne's
/// Hospital", "Saint Mary's Church"): "St." and a first name, the saint's,
/// not the town of that name ("St. Petersburg's mayor" is the city's).
pub fn saint_possessive(text: &str, tokens: &[Token], an: &Analysis, s: usize, e: usize) -> bool {
    text.as_bytes()[tokens[s].start()] == b'S'
        && matches!(tokens[s].bytes(text), b"St" | b"Saint" | b"Ste" | b"Sainte")
        && an.info[e - 1].has(GIVEN)
        && (s + 1..e - 1).all(|i| !tokens[i].is_word())
        && e + 1 < tokens.len()
        && matches!(tokens[e].text(text), "'" | "\u{2019}")
        && tokens[e].start() == tokens[e - 1].end()
        && tokens[e + 1].bytes(text) == b"s"
}

/// Words a headline in title case capitalises between its phrases, and
/// no name holds ("Candidates Trade Barbs At Library Forum").
const HEADLINE_LINKS: &[&str] = &[
    "after", "amid", "are", "as", "at", "by", "from", "into", "is", "off", "on", "over", "to", "up", "was", "will",
    "with",
];

/// The common words of the story's first sentence when it is a headline
/// in title case: three or more capitalised words, lowercase only in short
/// function words ("to", "in", "than"), not all in capitals. Such a
/// headline capitalises every word, so a capital there says nothing: a
/// common English word ("Opens", "Skate") that is no listed name's word, and
/// inside none, is no name's word. Their token indices, in order.
fn title_case_commons(
    text: &str,
    tokens: &[Token],
    info: &[TokInfo],
    hits: &[(usize, Hit)],
    caps_line: &[bool],
) -> Vec<u32> {
    let end = (1..tokens.len()).find(|&i| tokens[i].is(LINE_START) || tokens[i].is(SENT_START)).unwrap_or(tokens.len());
    let (mut caps, mut lower, mut upper) = (0, 0, 0);
    for t in tokens[..end].iter().filter(|t| t.is_word()) {
        if t.is(LOWER) {
            if t.end() - t.start() > 4 {
                return Vec::new();
            }
            lower += 1;
        } else if t.is_capitalized() {
            caps += 1;
            upper += usize::from(t.is(UPPER));
        }
    }
    if caps < 3 || upper == caps || lower * 3 > caps || caps_line.first().copied().unwrap_or(false) {
        return Vec::new();
    }
    const NAMED: u16 = GIVEN | SURNAME | PLACE | ORG | DEMONYM | NAME_TOKEN | LEGAL | HONORIFIC;
    // Tokens inside a longer listed name ("Credit" in "Credit Suisse").
    let inside = |i: usize| hits.iter().take_while(|&&(j, _)| j <= i).any(|&(j, h)| j < i && h.end > i);
    // Words of a company's or institution's name: an organization's head
    // word or a legal suffix ends the capitalised run, short lowercase
    // words included ("Data Processing Inc.", "Hotel and Restaurant Co.").
    let heads_run = |i: usize| {
        (i..end)
            .take_while(|&j| {
                let t = &tokens[j];
                t.is_capitalized() && !token_is(text, t, HEADLINE_LINKS)
                    || t.kind == TokenKind::Punct && ".&'\u{2019}-".contains(t.text(text))
                    || t.is(LOWER) && t.end() - t.start() <= 3
            })
            .any(|j| info[j].has(LEGAL) || info[j].is(W_ORG_HEAD))
    };
    (0..end)
        .filter(|&i| {
            tokens[i].is_capitalized()
                && !tokens[i].is(UPPER)
                && info[i].has(COMMON)
                && !info[i].has(NAMED)
                && !inside(i)
                && !heads_run(i)
        })
        .map(|i| i as u32)
        .collect()
}

fn glued(tokens: &[Token], i: usize) -> bool {
    !tokens[i].is(SPACE_BEFORE)
}

/// What a gazetteer row's candidates share (see [`gazetteer_candidate`]):
/// all of a candidate but its span and short form, in 40 bytes, so that a
/// bucket of the cache (with its key) fits a cache line more often than
/// not.
struct Row {
    ty: EntityType,
    attrs: Arc<Attrs>,
    source: Source,
    priority: u8,
    rule: Rule,
}

thread_local! {
    // News names the same places and organizations article after article:
    // each row's candidate is built (its row parsed, its numbers read) once
    // per thread, then copied. Keyed by gazetteers, kind and row offset.
    // (A 4-byte key made the full table of 8,192 buckets of whole
    // candidates just under 1 MiB, where the allocator's peak resident
    // memory rose by 1.8 MiB; at 16 bytes it is just over, as it was at
    // 24. Buckets of a key and a `Row` make it about half that.)
    static ROWS: RefCell<FastMap<(u64, u64), Option<Row>>> = RefCell::new(FastMap::default());
}

/// Rows kept in a thread's candidate cache before it starts afresh.
const ROW_CACHE: usize = 1 << 13;

/// Builds candidates from a gazetteer posting.
pub fn gazetteer_candidate(gaz: &Gazetteers, p: Posting, span: Span) -> Option<Candidate> {
    // The gazetteers' id, then the kind and the offset in one word.
    let key = (gaz.id(), (p.kind as u64) << 32 | p.offset as u64);
    let copy = |r: &Row| Candidate {
        span,
        ty: r.ty.clone(),
        attrs: r.attrs.clone(),
        source: r.source,
        priority: r.priority,
        short: None,
        rule: r.rule,
    };
    ROWS.with(|m| {
        let mut m = m.borrow_mut();
        if let Some(r) = m.get(&key) {
            return r.as_ref().map(copy);
        }
        let r = row_candidate(gaz, p, span).map(|c| Row {
            ty: c.ty,
            attrs: c.attrs,
            source: c.source,
            priority: c.priority,
            rule: c.rule,
        });
        if m.len() >= ROW_CACHE {
            m.clear();
        }
        let out = r.as_ref().map(copy);
        m.insert(key, r);
        out
    })
}

/// [`gazetteer_candidate`], uncached.
fn row_candidate(gaz: &Gazetteers, p: Posting, span: Span) -> Option<Candidate> {
    let t = gaz.table(p.kind);
    let off = p.offset;
    let mut attrs = Attrs::default();
    let (ty, key, canon, priority) = match p.kind {
        Kind::City | Kind::Town => city_row(t, off, &mut attrs)?,
        Kind::Country => country_row(t, off, &mut attrs)?,
        Kind::Demonym => demonym_row(t, off, &mut attrs)?,
        Kind::Region | Kind::Organization => region_or_org_row(t, &p, &mut attrs)?,
        _ => return None,
    };
    Some(Candidate {
        span,
        ty,
        attrs: Arc::new(Attrs { name: canon, key, ..attrs }),
        source: Source::Gazetteer,
        priority,
        short: None,
        rule: Rule::GazetteerEntry,
    })
}

/// What a row gives its candidates besides `attrs`: their type, key,
/// canonical name and priority.
type RowFacts = (EntityType, Arc<str>, Arc<str>, u8);

/// A city's or a town's row at `off`.
fn city_row(t: &Table, off: usize, attrs: &mut Attrs) -> Option<RowFacts> {
    let [id, canon, country, admin1, lat, lon, population, feature] = t.fields(
        off,
        [Col::GeonamesId, Col::Name, Col::Country, Col::Admin1, Col::Lat, Col::Lon, Col::Population, Col::Feature],
    );
    let id = id?;
    attrs.geonames_id = id.parse().ok();
    attrs.feature = Some(feature.unwrap_or("PPL").to_owned());
    attrs.country = country.map(str::to_owned);
    attrs.admin1 = admin1.map(str::to_owned);
    attrs.lat = lat.and_then(|v| v.parse().ok());
    attrs.lon = lon.and_then(|v| v.parse().ok());
    attrs.population = population.and_then(|v| v.parse().ok());
    Some((EntityType::City, prefixed("geonames", id), canon?.into(), 3))
}

/// A country's row at `off`.
fn country_row(t: &Table, off: usize, attrs: &mut Attrs) -> Option<RowFacts> {
    let [iso, id, population, canon] = t.fields(off, [Col::Iso, Col::GeonamesId, Col::Population, Col::Name]);
    let iso = iso?;
    attrs.iso = Some(iso.to_owned());
    attrs.geonames_id = id.and_then(|v| v.parse().ok());
    attrs.population = population.and_then(|v| v.parse().ok());
    if let Some((lat, lon)) = crate::gazetteer::country_centroid(iso) {
        (attrs.lat, attrs.lon) = (Some(lat), Some(lon));
    }
    attrs.feature = Some("PCLI".to_owned());
    Some((EntityType::Country, prefixed("country", iso), canon?.into(), 5))
}

/// A demonym's row at `off` (in the countries' table).
fn demonym_row(t: &Table, off: usize, attrs: &mut Attrs) -> Option<RowFacts> {
    // The country's people or things: its code and position, named
    // by its adjective.
    let [iso, id, demonyms] = t.fields(off, [Col::Iso, Col::GeonamesId, Col::Demonyms]);
    let iso = iso?;
    attrs.country = Some(iso.to_owned());
    attrs.geonames_id = id.and_then(|v| v.parse().ok());
    if let Some((lat, lon)) = crate::gazetteer::country_centroid(iso) {
        (attrs.lat, attrs.lon) = (Some(lat), Some(lon));
    }
    let canon = demonyms?.split('|').next()?;
    Some((EntityType::Nationality, prefixed("nationality", iso), canon.into(), 1))
}

/// A region's or an organization's row.
fn region_or_org_row(t: &Table, p: &Posting, attrs: &mut Attrs) -> Option<RowFacts> {
    let off = p.offset;
    let [id, country, kind, canon] = t.fields(off, [Col::Id, Col::Country, Col::Kind, Col::Name]);
    let id = id?;
    attrs.country = country.map(str::to_owned);
    attrs.kind = kind.map(str::to_owned);
    if p.kind == Kind::Region {
        // Places: GeoNames id, position and feature code.
        let [gid, admin1, lat, lon, feature] =
            t.fields(off, [Col::GeonamesId, Col::Admin1, Col::Lat, Col::Lon, Col::Feature]);
        attrs.geonames_id = gid.and_then(|v| v.parse().ok());
        attrs.admin1 = admin1.map(str::to_owned);
        attrs.lat = lat.and_then(|v| v.parse().ok());
        attrs.lon = lon.and_then(|v| v.parse().ok());
        attrs.feature = feature.map(str::to_owned);
    }
    if p.kind == Kind::Organization {
        Some((EntityType::Organization, prefixed("org", id), canon?.into(), 4))
    } else {
        // A first-level division or state named like its capital
        // ("Lisbon", "Zürich", "New York") yields to the city.
        let p = if matches!(kind, Some("admin1" | "state")) { 2 } else { 4 };
        Some((EntityType::Region, prefixed("region", id), canon?.into(), p))
    }
}

fn span_of(tokens: &[Token], s: usize, e: usize) -> Span {
    Span::new(tokens[s].start(), tokens[e - 1].end())
}

/// Display name of tokens `[s, e)`: the text with whitespace runs collapsed.
fn name_of(text: &str, tokens: &[Token], s: usize, e: usize) -> Arc<str> {
    shared_str(|out| {
        for (k, t) in tokens[s..e].iter().enumerate() {
            if k > 0 && t.is(SPACE_BEFORE) {
                out.push(' ');
            }
            out.push_str(t.text(text));
        }
    })
}

/// "the 4th Infantry Brigade", "the 7th Fleet": an ordinal before
/// capitalised words ending in a military unit's word is the unit (rule
/// `org.military-unit`). Numbers are among the date starts, so only they
/// are visited.
fn military_units(text: &str, tokens: &[Token], an: &Analysis, out: &mut Vec<Candidate>) {
    let n = tokens.len();
    for i in an.date_starts() {
        // Cheap tests first: most date starts are no ordinal before a name.
        if i + 1 >= n || !tokens[i + 1].is(CAP) || !tokens[i].is(crate::tokenize::DIGITS) {
            continue;
        }
        if !is_ordinal(tokens[i].text(text)) || tokens[i + 1].is(SENT_START) {
            continue;
        }
        let mut e = i + 1;
        while e < n && e <= i + 5 && tokens[e].is(CAP) && tokens[e].is(SPACE_BEFORE) && !tokens[e].is(SENT_START) {
            e += 1;
        }
        // The unit's word ends the name: the longest run that ends in one.
        let unit_word = |k: usize| {
            crate::rules::words(crate::rules::MILITARY_UNITS).any(|w| w.eq_ignore_ascii_case(tokens[k].text(text)))
        };
        while e > i + 1 && !unit_word(e - 1) {
            e -= 1;
        }
        if e > i + 1 {
            let unit = name_of(text, tokens, i, e);
            out.push(pattern(
                an,
                i,
                e,
                span_of(tokens, i, e),
                EntityType::Organization,
                unit,
                2,
                Rule::OrgMilitaryUnit,
            ));
        }
    }
}

/// True if token `i`, of two letters, is the Arabic article opening a
/// name, lowercase and joined by a hyphen to a capital ("al-Shabaab",
/// "el-Arish"). Out of line: asked of every two-letter lowercase word.
#[inline(never)]
fn arabic_article(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    matches!(&text.as_bytes()[t.start()..t.end()], b"al" | b"el")
        && i + 2 < tokens.len()
        && tokens[i + 1].is_punct(text, '-')
        && !tokens[i + 1].is(SPACE_BEFORE)
        && !tokens[i + 2].is(SPACE_BEFORE)
        && tokens[i + 2].is(CAP)
}

/// The family name before a generational suffix ending `name` ("Ray Kestle
/// III" → "Kestle", "Dale Orton Jr." → "Orton"), if the name has one and at
/// least two words before it.
fn before_generation(name: &str) -> Option<&str> {
    // The words split at single spaces (as `rsplit(' ')` splits them),
    // found by their bytes.
    let space = name.as_bytes().iter().rposition(|&b| b == b' ')?;
    let last = &name[space + 1..];
    if !(matches!(last, "Jr" | "Jr." | "Sr" | "Sr.") || ROMAN_GENERATIONS.contains(&last)) {
        return None;
    }
    let rest = &name[..space];
    // A word before the family name: three words at least.
    let before = rest.as_bytes().iter().rposition(|&b| b == b' ')?;
    Some(rest[before + 1..].trim_end_matches(','))
}

/// The last word of `name` (after its last space), found by its bytes.
fn last_word(name: &str) -> &str {
    name.as_bytes().iter().rposition(|&b| b == b' ').map_or(name, |p| &name[p + 1..])
}

/// Generations written in Roman numerals after a name ("Ray Kestle III").
const ROMAN_GENERATIONS: [&str; 3] = ["II", "III", "IV"];

/// True if `w` is an ordinal written in digits ("3rd", "101st", "22nd").
fn is_ordinal(w: &str) -> bool {
    let b = w.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && digits + 2 == b.len() && matches!(&w[digits..], "st" | "nd" | "rd" | "th" | "ST" | "ND" | "RD" | "TH")
}

/// Article-level context for the name rules.
pub struct DocContext {
    /// The article reads like a report of a team sport (teams are named
    /// after places).
    pub sports: bool,
    /// Per token: it lies on a dateline-like line (few tokens with a year
    /// or date). Only sports reports ask, so only they are scanned: empty
    /// unless `sports`.
    pub dateline: Vec<bool>,
    /// The capitalised words the article writes right after "the" ("the
    /// Kings"), sorted: only sports reports ask, so empty unless `sports`.
    pub after_the: Vec<Box<str>>,
}

/// Work out the article-level context.
pub fn doc_context(text: &str, tokens: &[Token], an: &Analysis) -> DocContext {
    let (words, hits) = (an.words, an.sports_words);
    let mut scores = 0usize;
    // Numbers are among the possible date starts.
    for i in an.date_starts() {
        let t = &tokens[i];
        if t.kind == TokenKind::Number
            && t.end() - t.start() <= 2
            && i + 2 < tokens.len()
            && tokens[i + 1].is_punct(text, '-')
            && tokens[i + 2].kind == TokenKind::Number
            && tokens[i + 2].end() - tokens[i + 2].start() <= 2
        {
            scores += 1;
        }
    }
    // Wire-service slugs: "SOCCER - ...", "CRICKET - ..." on the first line.
    let slug = tokens.first().is_some_and(|t| t.is(UPPER) && an.info[0].is(W_SPORTS))
        && tokens.get(1).is_some_and(|t| t.is_punct(text, '-'));
    let mut sports = slug || (hits + 2 * scores >= 6 && (hits + scores) * 40 >= words.min(2000));
    // Tennis, golf, boxing, athletics: no teams named after places.
    if sports {
        let individual = (0..tokens.len()).filter(|&i| an.info[i].is(W_INDIVIDUAL)).count();
        let individual_slug = slug && an.info[0].is(W_INDIVIDUAL);
        if individual_slug || individual >= 2 && 2 * individual >= hits {
            sports = false;
        }
    }
    if !sports {
        return DocContext { sports, dateline: Vec::new(), after_the: Vec::new() };
    }
    let mut dateline = vec![false; tokens.len()];
    let mut s = 0;
    while s < tokens.len() {
        let mut e = s + 1;
        while e < tokens.len() && !tokens[e].is(LINE_START) {
            e += 1;
        }
        let line = &tokens[s..e];
        let has_year = || line.iter().any(|t| t.kind == TokenKind::Number && t.end() - t.start() == 4);
        if e - s <= 12 && has_year() && line.iter().filter(|t| t.is_word() && t.is(crate::tokenize::LOWER)).count() <= 1
        {
            dateline[s..e].iter_mut().for_each(|d| *d = true);
        }
        s = e;
    }
    let mut after_the: Vec<Box<str>> = (1..tokens.len())
        .filter(|&i| tokens[i].is(CAP) && token_is(text, &tokens[i - 1], &["the"]))
        .map(|i| tokens[i].text(text).into())
        .collect();
    after_the.sort_unstable();
    after_the.dedup();
    DocContext { sports, dateline, after_the }
}

fn is_small_number(text: &str, tokens: &[Token], i: usize) -> bool {
    let n = tokens.len();
    i < n
        && tokens[i].kind == TokenKind::Number
        && tokens[i].end() - tokens[i].start() <= 3
        && !(i + 2 < n
            && tokens[i + 1].is_punct(text, '-')
            && tokens[i + 2].kind == TokenKind::Number
            && tokens[i + 2].end() - tokens[i + 2].start() == 2
            && tokens[i].end() - tokens[i].start() == 4)
}

/// The start of a results-line entry: line start, or after a score or a comma.
fn results_position(text: &str, tokens: &[Token], s: usize) -> bool {
    s == 0 || tokens[s].is(LINE_START) || tokens[s - 1].kind == TokenKind::Number || tokens[s - 1].is_punct(text, ',')
}

fn locative_before(an: &Analysis, s: usize) -> bool {
    s > 0 && an.info[s - 1].is(W_LOCATIVE)
}

/// Find name candidates: gazetteer entries (with case and ambiguity rules)
/// and pattern-based people and organizations.
///
/// Lone capitalised words that may be the surname of a person named in
/// full elsewhere ("Clinton" after "Bill Clinton") are not candidates yet:
/// they come back as [`LoneWords`], to be settled once every candidate is
/// in (most are not surnames, and are never built).
#[must_use = "lone words are settled with LoneWords::settle"]
pub fn find(text: &str, tokens: &[Token], gaz: &Gazetteers, an: &Analysis, out: &mut Vec<Candidate>) -> LoneWords {
    let mut lone = LoneWords::default();
    let ctx = doc_context(text, tokens, an);
    // 0. Nationality words.
    entries::nationalities(tokens, gaz, an, out);
    // 1. Gazetteer entries.
    let mut entries = Entries::new(text, tokens, gaz, an, &ctx);
    for &(s, h) in &an.hits {
        entries.hit(s, h, out, &mut lone);
    }
    military_units(text, tokens, an, out);
    // 2. Capitalised chunks.
    let mut sink = Sink { cands: out, lone };
    for ch in chunks(text, tokens, an) {
        classify_chunk(text, tokens, gaz, an, &ctx, ch, &mut sink);
    }
    sink.lone
}

/// An age beside the name `[s, e)`: "12-year-old Tamsin", "Tamsin, 12,".
fn age_beside(text: &str, tokens: &[Token], s: usize, e: usize) -> bool {
    let n = tokens.len();
    let before = s >= 3
        && tokens[s - 1].bytes(text) == b"old"
        && tokens[s - 2].is_punct(text, '-')
        && matches!(tokens[s - 3].bytes(text), b"year" | b"month");
    let after = e + 2 < n
        && tokens[e].is_punct(text, ',')
        && tokens[e + 1].kind == TokenKind::Number
        && tokens[e + 1].end() - tokens[e + 1].start() <= 3
        && tokens[e + 2].is_punct(text, ',');
    before || after
}

/// Where [`classify_chunk`] puts what it finds.
struct Sink<'a> {
    cands: &'a mut Vec<Candidate>,
    lone: LoneWords,
}

impl Sink<'_> {
    /// Note the short name of the organization of tokens from `s`, about to
    /// be pushed, if it is a company named with a legal suffix starting at
    /// token `suffix` (see [`legal_suffix_start`]).
    fn company(&mut self, tokens: &[Token], an: &Analysis, s: usize, suffix: Option<usize>) {
        if let Some(short) = suffix.and_then(|k| company_short_name(tokens, an, s, k)) {
            self.lone.companies.push((s as u32, short as u32, self.cands.len() as u32));
        }
    }
}

/// Words between a company's name and its legal suffix that later mentions
/// leave out ("Vantor International Inc" is then "Vantor").
const COMPANY_DESCRIPTORS: &[&[u8]] = &[
    b"international",
    b"bancorp",
    b"bancorporation",
    b"bancshares",
    b"holdings",
    b"holding",
    b"group",
    b"industries",
    b"enterprises",
    b"technologies",
    b"corporation",
    b"company",
    b"corp",
    b"co",
];

/// The first token of the legal suffix ("Inc", "S.A.", "Pty Ltd") that
/// ends tokens `[s, e)` (a final period aside), after at least one word.
fn legal_suffix_start(text: &str, tokens: &[Token], an: &Analysis, s: usize, e: usize) -> Option<usize> {
    let mut end = e;
    if end > s + 1 && tokens[end - 1].is_punct(text, '.') {
        end -= 1;
    }
    if an.info[end - 1].has(LEGAL) {
        // A suffix is written apart: "R-Ky." (a senator's party and state)
        // has none.
        let joined = end - 1 > s && tokens[end - 2].is_punct(text, '-') && !tokens[end - 1].is(SPACE_BEFORE);
        return (end - 1 > s && !joined).then_some(end - 1);
    }
    // A suffix of several tokens ends in a short one ("S.A.", "de C.V.").
    if tokens[end - 1].end() - tokens[end - 1].start() > 3 {
        return None;
    }
    (s + 1..end).find(|&k| {
        an.hits_from(k).iter().any(|&(_, h)| {
            (h.end == end || h.end == e || h.end == e + 1 && tokens[e].is_punct(text, '.'))
                && PhraseMap::kinds(h.value) & LEGAL_KINDS != 0
        })
    })
}

/// The end token of the short name of a company named in full from token
/// `s`, with a legal suffix starting at token `suffix`: "Lusitec S.A." →
/// "Lusitec", "Vantor International Inc" → "Vantor", "Ridgeway Bancorp
/// Inc." → "Ridgeway".
fn company_short_name(tokens: &[Token], an: &Analysis, s: usize, suffix: usize) -> Option<usize> {
    let mut k = suffix;
    while k > s && !tokens[k - 1].is_word() {
        k -= 1;
    }
    if k > s + 1 && COMPANY_DESCRIPTORS.contains(&an.folded.token(k - 1)) {
        k -= 1;
    }
    (k > s).then_some(k)
}

/// Lone capitalised words that are a person only if they are the last
/// word of a person named in full in the article (see [`find`]).
#[derive(Debug, Default)]
pub struct LoneWords {
    /// Token ranges `(start, end)`.
    words: Vec<(u32, u32)>,
    /// Companies named with a legal suffix: the tokens of their short name
    /// and the index of their candidate, `(start, end, candidate)` (see
    /// [`company_short_name`]).
    companies: Vec<(u32, u32, u32)>,
    /// Everyday words opening a sentence as a family name would ("Musk,
    /// who runs Tesla"): a person's mention if a person named in full has
    /// that family name (token indexes).
    family: Vec<u32>,
    /// With [`Analysis::explain`]: the gazetteer readings the rules turned down.
    rejected: Vec<Rejection>,
    /// The party letters of "D-Wetzel" after a lawmaker's name (see
    /// [`party_home`]), in text order.
    party_homes: Vec<u32>,
}

impl LoneWords {
    /// Number of lone words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True if there are none.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The readings the rules turned down (kept only with [`Analysis::explain`]).
    pub fn rejected(&self) -> &[Rejection] {
        &self.rejected
    }

    /// The tokens of the party letters of "D-Wetzel" after a lawmaker's
    /// name: the county of that name follows the hyphen.
    pub fn party_homes(&self) -> impl Iterator<Item = usize> + '_ {
        self.party_homes.iter().map(|&j| j as usize)
    }
}

/// A place's qualifier: a country's code and a first-level division's
/// (read from the gazetteer's rows: no copy).
type Qualifier<'g> = (&'g str, Option<&'g str>);

/// Priority bonus of a place whose qualifier (", Texas") agrees with it.
pub const QUALIFIED: u8 = 10;

/// True if a state's or country's name ending before token `q` closes the
/// place it qualifies: punctuation follows, not another name after a
/// comma (a list), "'s", "State", "and" or a verb.
fn qualifier_closes(text: &str, tokens: &[Token], q: usize) -> bool {
    // ("According to Keldby, Ohio is": a clause goes on after it.)
    q >= tokens.len()
        || [",", ".", ";", ":", "(", ")", "\u{2014}", "\u{2013}", "--"].contains(&tokens[q].text(text))
            && !(tokens[q].is_punct(text, ',') && q + 1 < tokens.len() && tokens[q + 1].is_capitalized())
}

/// The country (and first-level division) named right after a comma, and
/// the end of its tokens where it is a country or a first-level division:
/// `Paris , Texas` → `("US", Some("TX"))`, `Victoria , Canada` → `("CA",
/// None)`, `Millbrook , Dale County` → `("US", Some("AL"))` and no end.
fn qualifier_span<'g>(
    text: &str,
    tokens: &[Token],
    gaz: &'g Gazetteers,
    an: &Analysis,
    e: usize,
) -> Option<(Qualifier<'g>, Option<usize>)> {
    if e + 1 >= tokens.len() || !tokens[e].is_punct(text, ',') || !tokens[e + 1].is_capitalized() {
        return None;
    }
    let map = gaz.map();
    let of = |p: &Posting| -> Option<(Qualifier<'g>, bool)> {
        let t = gaz.table(p.kind);
        match p.kind {
            Kind::Country => t.field(p.offset, Col::Iso).map(|i| ((i, None), true)),
            Kind::Region => {
                // "CC.A1" for a state or first-level division, "CC.A1.A2"
                // for a county (its state is the qualifier's division).
                let id = t.field(p.offset, Col::Id)?;
                let (cc, rest) = id.split_once('.')?;
                let (a1, county) = rest.split_once('.').map_or((rest, false), |(a1, _)| (a1, true));
                Some(((cc, Some(a1)), !county))
            }
            _ => None,
        }
    };
    for &(_, h) in an.hits_from(e + 1) {
        let Some((q, level1)) = map.postings(h.value).filter_map(Posting::decode).find_map(|p| of(&p)) else {
            continue;
        };
        // The end only where the name is one country's or one division's
        // alone: not a city's too ("Manchester"), a compass point's
        // ("North") or several divisions' ("Georgia").
        let alone = level1
            && !an.info[e + 1].is(W_COMPASS)
            && !PhraseMap::has_kind(h.value, &[Kind::City, Kind::Town])
            && map.postings(h.value).filter_map(Posting::decode).filter_map(|p| of(&p)).all(|(o, _)| o == q);
        return Some((q, alone.then_some(h.end)));
    }
    None
}

/// The internal type of chunks that are names of something gazette does not
/// report (events, products, nationalities): they block shorter matches
/// inside them and are dropped before output.
pub const MISC: &str = "_misc";

/// The candidate of a name rule for tokens `[s, e)`, keyed by their
/// folded form.
#[allow(clippy::too_many_arguments)]
fn pattern(
    an: &Analysis,
    s: usize,
    e: usize,
    span: Span,
    ty: EntityType,
    name: Arc<str>,
    priority: u8,
    rule: Rule,
) -> Candidate {
    // The folded tokens as bytes, checked as UTF-8 once for the whole key.
    let key = shared_utf8(|k| {
        k.extend_from_slice(ty.as_str().as_bytes());
        k.push(b':');
        let mut j = s;
        while j < e {
            // "Lisbon's City Council" is "Lisbon City Council".
            if ty == EntityType::Organization
                && j + 1 < e
                && an.folded.token(j) == b"'"
                && an.folded.token(j + 1) == b"s"
            {
                j += 2;
                continue;
            }
            if j > s {
                k.push(b' ');
            }
            k.extend_from_slice(an.folded.token(j));
            j += 1;
        }
    });
    Candidate {
        span,
        ty,
        attrs: Arc::new(Attrs::named(name, key)),
        source: Source::Pattern,
        priority,
        short: None,
        rule,
    }
}

/// `prefix:key` in one allocation.
pub fn prefixed(prefix: &str, key: &str) -> Arc<str> {
    shared_str(|s| {
        s.push_str(prefix);
        s.push(':');
        s.push_str(key);
    })
}

impl Analysis {
    /// True if token `k` is a word that heads organization names
    /// ("Council", "Commission", "Coalition").
    pub fn is_org_head(&self, k: usize) -> bool {
        self.info[k].is(W_ORG_HEAD)
    }

    /// True if token `k` is a word for a governing or collective body
    /// ("Council", "Legislature").
    pub fn is_body_word(&self, k: usize) -> bool {
        self.info[k].is(W_BODY)
    }

    /// The key of tokens `[s, e)`: their folded forms joined by spaces, as
    /// `fold::key_of` gives for the text they span.
    pub fn key(&self, s: usize, e: usize) -> String {
        self.folded.key(s, e)
    }

    /// The tokens that may start a date ([`crate::patterns::date::may_start`]),
    /// in order, as [`crate::patterns::date::DateFinder::find_at_tokens`]
    /// wants them.
    pub fn date_starts(&self) -> impl Iterator<Item = usize> + '_ {
        self.date_starts.iter().map(|&j| j as usize)
    }

    /// The capitalised tokens ([`Token::is_capitalized`]), in order: where
    /// names can start.
    pub fn capitalized(&self) -> impl Iterator<Item = usize> + '_ {
        self.capitalized.iter().map(|&j| j as usize)
    }

    /// True if token `i` is a word that can start a date (any case; see
    /// [`crate::patterns::date::trigger_words`]).
    pub fn is_date_trigger(&self, i: usize) -> bool {
        self.info[i].is(W_DATE_TRIGGER)
    }

    /// True if the token before `s` is a locative word in lowercase ("in
    /// Reading", "near West Newton"; `gazetteers/rules/locatives.txt`).
    pub fn locative_before(&self, tokens: &[Token], s: usize) -> bool {
        s > 0 && tokens[s - 1].is(LOWER) && self.info[s - 1].is(W_LOCATIVE)
    }

    /// True if token `i` is a name of faith ("God", "Allah";
    /// `gazetteers/rules/faith_words.txt`), which names no town.
    pub fn is_faith_word(&self, i: usize) -> bool {
        self.info.get(i).is_some_and(|t| t.is(W_FAITH))
    }

    /// True if a lowercase preposition of place ("in", "near", "outside";
    /// `gazetteers/rules/place_prepositions.txt`) comes right before token `s`.
    pub fn place_preposition_before(&self, tokens: &[Token], s: usize) -> bool {
        s > 0 && tokens[s - 1].is(LOWER) && self.info[s - 1].is(W_PLACE_PREPOSITION)
    }

    /// True if token `i` is a noun for a town's people or homes ("man",
    /// "police"; `gazetteers/rules/local_nouns.txt`).
    pub fn is_local_noun(&self, i: usize) -> bool {
        self.info.get(i).is_some_and(|t| t.is(W_LOCAL_NOUN))
    }

    /// True if token `i` ends the name of a town's, county's or state's
    /// own public body ("Department", "Council";
    /// `gazetteers/rules/local_bodies.txt`).
    pub fn is_local_body(&self, i: usize) -> bool {
        self.info.get(i).is_some_and(|t| t.is(W_LOCAL_BODY))
    }

    /// True if token `i` is a point of the compass ("North", "western";
    /// `gazetteers/rules/compass_words.txt`).
    pub fn is_compass(&self, i: usize) -> bool {
        self.info.get(i).is_some_and(|t| t.is(W_COMPASS))
    }

    /// The tokens "counties" and "parishes", in order.
    pub fn counties(&self) -> impl Iterator<Item = usize> + '_ {
        self.counties.iter().map(|&j| j as usize)
    }

    /// True if token `i` is a common English word (from the gazetteer).
    pub fn is_common(&self, i: usize) -> bool {
        self.info.get(i).is_some_and(|t| t.has(COMMON))
    }

    /// True if token `i` is an honorific ("Dr", "Mr").
    pub fn is_honorific(&self, i: usize) -> bool {
        self.info[i].has(HONORIFIC)
    }

    /// The hits starting at token `s` (hits are stored in start order).
    pub fn hits_from(&self, s: usize) -> &[(usize, Hit)] {
        match (self.hit_index.get(s), self.hit_index.get(s + 1)) {
            (Some(&a), Some(&b)) => &self.hits[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// The end of the longest gazetteer key from token `s` within `[s, e)`
/// with an entry of `kinds` (a [`PhraseMap::kinds`] mask) that passes
/// `pred`. Keys of no such kind are passed over without reading their
/// entries.
fn multi_hit(
    an: &Analysis,
    s: usize,
    e: usize,
    kinds: u16,
    pred: impl Fn(&Posting) -> bool,
    gaz: &Gazetteers,
) -> Option<usize> {
    let map = gaz.map();
    an.hits_from(s)
        .iter()
        .filter(|&&(_, h)| h.end <= e && h.end > s && PhraseMap::kinds(h.value) & kinds != 0)
        .filter(|&&(_, h)| map.postings(h.value).filter_map(Posting::decode).any(|p| pred(&p)))
        .map(|&(_, h)| h.end)
        .max()
}

/// The end of the longest title or honorific ([`is_cue`]) from token `s`
/// within `[s, e)`; no key is read where none starts.
fn longest_cue(tokens: &[Token], an: &Analysis, gaz: &Gazetteers, s: usize, e: usize) -> Option<usize> {
    if !an.info[s].has(CUE_START) {
        return None;
    }
    // An acronym's title is written in capitals ("DA", not "da Vinci").
    let upper = tokens[s].is(UPPER);
    multi_hit(an, s, e, CUE_KINDS, |p| is_cue(gaz, p) && (!p.upper_only || upper), gaz)
}

/// True if a title or honorific ("Mr.", "Prime Minister", "Sen.") ends
/// right before token `s`.
pub fn title_ending_at(tokens: &[Token], an: &Analysis, gaz: &Gazetteers, s: usize) -> bool {
    // An honorific is written with a capital ("Miss Ortiz", not "to miss Rochester").
    s > 0
        && an.info[s - 1].has(CUE_END)
        && (s.saturating_sub(4)..s).any(|k| {
            has_posting(an, gaz, k, s, CUE_KINDS, |p| {
                is_cue(gaz, p)
                    && (p.kind != Kind::Honorific || tokens[k].is(CAP))
                    && (!p.upper_only || tokens[k].is(UPPER))
            })
        })
}

/// True if the capitalised word at `s` is a place the lists lack: no list
/// knows it (no name, English word, title or entry), and the article
/// writes it alone at least twice, once after "in", "near", "outside",
/// "around" or "across" (not "in Dunmere's office"), never after "the"
/// or a number ("the Fenwold", "Fenwold 2024" name events), never in a longer
/// name and never with a verb of saying (a person's family name).
/// True if token `t` is the dash after a dateline: an em or en dash, or
/// "--" ("KELDBY \u{2014} The council voted").
pub fn dateline_dash(text: &str, t: &Token) -> bool {
    ['\u{2014}', '\u{2013}'].iter().any(|&d| t.is_punct(text, d)) || text[t.start()..].starts_with("--")
}

/// A name written in capitals as the name itself writes it: each letter
/// after a letter in lowercase ("KELDBY" is "Keldby", "ANA TRELL" "Ana
/// Trell").
fn title_cased(name: &str) -> Arc<str> {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if out.chars().next_back().is_some_and(char::is_alphabetic) {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// True if a gazetteer entry announces a name after it: an honorific or a
/// title, but not a generational suffix ("Senior", "Jr", "III"), which
/// follows a name ("a senior Belarus politician" is not a person), nor a
/// plural ("told reporters Bonn supported the plan").
fn is_cue(gaz: &Gazetteers, p: &Posting) -> bool {
    match p.kind {
        Kind::Honorific => true,
        // Decided once per row and thread: reading the row is the cost.
        Kind::Role => memoized(&CUES, (gaz.id(), p.offset), 1 << 12, || {
            let t = gaz.table(Kind::Role);
            let [title, category] = t.fields(p.offset, [Col::Title, Col::Category]);
            category != Some("generational") && !title.is_some_and(is_plural_title)
        }),
        _ => false,
    }
}

thread_local! {
    // Whether each row of the titles table is a cue (see `is_cue`), keyed
    // by gazetteers and row.
    static CUES: RefCell<FastMap<(u64, usize), bool>> = RefCell::new(FastMap::default());
}

/// True if a one-word title is a plural ("officials", "MPs"), not a word
/// that merely ends in s ("actress", "alumnus", "marquis").
fn is_plural_title(title: &str) -> bool {
    !title.contains(' ')
        && title.ends_with('s')
        && !title.ends_with("ss")
        && !title.ends_with("us")
        && !title.ends_with("is")
}

/// True if a gazetteer key spans exactly tokens `[s, e)` with an entry
/// of `kinds` (a [`PhraseMap::kinds`] mask) that passes `pred`. A key of
/// no such kind is passed over without reading its entries.
fn has_posting(
    an: &Analysis,
    gaz: &Gazetteers,
    s: usize,
    e: usize,
    kinds: u16,
    pred: impl Fn(&Posting) -> bool,
) -> bool {
    let map = gaz.map();
    an.hits_from(s)
        .iter()
        .filter(|&&(_, h)| h.end == e && PhraseMap::kinds(h.value) & kinds != 0)
        .any(|&(_, h)| map.postings(h.value).filter_map(Posting::decode).any(|p| pred(&p)))
}

/// True if a gazetteer key spans exactly tokens `[s, e)` with an entry
/// of one of `kinds`, read from the key's value alone.
fn has_kind(an: &Analysis, s: usize, e: usize, kinds: u16) -> bool {
    an.hits_from(s).iter().any(|&(_, h)| h.end == e && PhraseMap::kinds(h.value) & kinds != 0)
}

/// "Dana Whitcombe, D-Wetzel,": a lawmaker's party letter joined to the
/// county or town the lawmaker comes from, set off by commas after the
/// name: no person's name, whatever the place.
fn party_home(text: &str, tokens: &[Token], s: usize) -> bool {
    s > 0
        && tokens[s - 1].is_punct(text, ',')
        && matches!(tokens[s].bytes(text), b"D" | b"R" | b"I")
        && tokens[s + 2].is(CAP)
}

/// [`PhraseMap::kinds`] masks of the entries the name rules ask about.
const PLACES: u16 = PhraseMap::kind_mask(&[Kind::City, Kind::Country, Kind::Region]);
const PLACES_ORGS: u16 = PLACES | ORGS;
const ORGS: u16 = PhraseMap::kind_mask(&[Kind::Organization]);
const AREAS: u16 = PhraseMap::kind_mask(&[Kind::Country, Kind::Region]);
const CITIES: u16 = PhraseMap::kind_mask(&[Kind::City]);
const COUNTRIES: u16 = PhraseMap::kind_mask(&[Kind::Country]);
const TOWNS: u16 = PhraseMap::kind_mask(&[Kind::Town]);
const LEGAL_KINDS: u16 = PhraseMap::kind_mask(&[Kind::LegalSuffix]);
const CUE_KINDS: u16 = PhraseMap::kind_mask(&[Kind::Role, Kind::Honorific]);
/// Every kind of entry.
const ALL_KINDS: u16 = PhraseMap::kind_mask(&[
    Kind::City,
    Kind::Country,
    Kind::Demonym,
    Kind::Region,
    Kind::Organization,
    Kind::GivenName,
    Kind::Surname,
    Kind::Role,
    Kind::Honorific,
    Kind::CommonWord,
    Kind::LegalSuffix,
    Kind::User,
    Kind::NameToken,
    Kind::Town,
]);

/// Family names this frequent (US census rank) are names first, even when
/// they are English words too ("Cook", "Rose", "Way").
const FREQUENT_SURNAME_RANK: u64 = 10_000;

/// First names given this often (US births) are names first, even when
/// they are English words too ("Guy", "Grace", "Peter").
const FREQUENT_GIVEN_COUNT: u64 = 20_000;

/// The number in column `col` of token `i`'s entry of the name list `kind`.
fn list_number(an: &Analysis, gaz: &Gazetteers, i: usize, kind: Kind, col: Col) -> Option<u64> {
    let value = an.ids.token_value(i)?;
    // The key's kinds first: its postings and the row are seldom in the
    // CPU's caches.
    if !PhraseMap::has_kind(value, &[kind]) {
        return None;
    }
    let p = gaz.map().postings(value).filter_map(Posting::decode).find(|p| p.kind == kind)?;
    gaz.table(kind).field(p.offset, col)?.parse().ok()
}

/// True if token `i` is a family name of at most [`FREQUENT_SURNAME_RANK`].
fn frequent_surname(an: &Analysis, gaz: &Gazetteers, i: usize) -> bool {
    list_number(an, gaz, i, Kind::Surname, Col::Rank).is_some_and(|r| r <= FREQUENT_SURNAME_RANK)
}

/// True if token `i` is a first name and no place, organization or
/// nationality ("Elon"); when it is also an English word or a family name
/// ("Guy", "Warren"; not "Jones"), one given at least
/// [`FREQUENT_GIVEN_COUNT`] times.
fn plain_given(an: &Analysis, gaz: &Gazetteers, i: usize) -> bool {
    an.info[i].has(GIVEN)
        && !an.info[i].has(PLACE | ORG | DEMONYM)
        && (!an.info[i].has(COMMON | SURNAME) || frequent_given(an, gaz, i))
}

/// True if token `i` is a first name many people have ("Tim", "Alex"),
/// not a rare one ("Taurus").
pub fn frequent_given(an: &Analysis, gaz: &Gazetteers, i: usize) -> bool {
    an.info[i].has(GIVEN)
        && list_number(an, gaz, i, Kind::GivenName, Col::Count).is_some_and(|c| c >= FREQUENT_GIVEN_COUNT)
}

/// True if the entry is a listed company.
fn is_company(gaz: &Gazetteers, p: &Posting) -> bool {
    p.kind == Kind::Organization && gaz.table(p.kind).field(p.offset, Col::Kind) == Some("company")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generations_and_last_words_split_as_rsplit_does() {
        fn by_rsplit(name: &str) -> Option<&str> {
            let mut words = name.rsplit(' ');
            let last = words.next()?;
            if !(matches!(last, "Jr" | "Jr." | "Sr" | "Sr.") || ROMAN_GENERATIONS.contains(&last)) {
                return None;
            }
            let family = words.next()?.trim_end_matches(',');
            words.next()?;
            Some(family)
        }
        for name in [
            "Ray Kestle III",
            "Dale Orton, Jr.",
            "Orton Jr.",
            "Jr.",
            "",
            "Ana  Lima Sr",
            " Lima IV",
            "A B C II",
            "Ana Lima",
            "Ana Lima III ",
            "Ana Lima,, Jr",
        ] {
            assert_eq!(before_generation(name), by_rsplit(name), "{name:?}");
            assert_eq!(last_word(name), name.rsplit(' ').next().unwrap(), "{name:?}");
        }
    }

    #[test]
    fn lists_of_capitalised_tokens_and_date_starts() {
        let text = "Ms. Ana Ferreira met NATO in Zürich on 3 March; the A380 and café stayed.";
        let tokens = crate::tokenize::tokenize(text);
        let an = analyze(text, &tokens, &Gazetteers::builtin());
        let words = |v: Vec<usize>| v.into_iter().map(|j| tokens[j].text(text)).collect::<Vec<_>>();
        assert_eq!(words(an.capitalized().collect()), ["Ms", "Ana", "Ferreira", "NATO", "Zürich", "March", "A380"]);
        assert_eq!(words(an.date_starts().collect()), ["Zürich", "3", "March", "A380", "café"]);
    }

    #[test]
    fn lone_words_are_settled_against_the_people_found() {
        let gaz = Gazetteers::builtin();
        let text = "Bill Clinton met Ferreira in Ohio. Later, Clinton told WHO and Marlowe.";
        let tokens = crate::tokenize::tokenize(text);
        let an = analyze(text, &tokens, &gaz);
        let mut cands = Vec::new();
        let mut lone = find(text, &tokens, &gaz, &an, &mut cands);
        let words = |c: &Candidate| text[c.span.start..c.span.end].to_owned();
        // No candidate for a lone word until it is settled.
        let persons = |cands: &[Candidate]| {
            cands.iter().filter(|c| c.ty == EntityType::Person).map(|c| (words(c), c.priority)).collect::<Vec<_>>()
        };
        assert_eq!(persons(&cands), [("Bill Clinton".to_owned(), 2)]);
        assert!(lone.len() >= 3, "{lone:?}");
        lone.settle(text, &tokens, &an, &mut cands);
        let got = persons(&cands);
        // The surname of a person named in full: a strong mention.
        assert!(got.contains(&("Clinton".to_owned(), 9)), "{got:?}");
        // Capitals stay a weak reading (an acronym, maybe).
        assert!(got.contains(&("WHO".to_owned(), 0)), "{got:?}");
        // Other lone words are no one.
        assert!(!got.iter().any(|(w, _)| w == "Marlowe" || w == "Ferreira"), "{got:?}");
    }

    #[test]
    fn date_trigger_words_are_flagged_in_any_case() {
        let gaz = Gazetteers::builtin();
        let mut n = 0;
        for w in crate::patterns::date::trigger_words() {
            let cap = format!("{}{}", w[..1].to_ascii_uppercase(), &w[1..]);
            for form in [w.to_string(), cap, w.to_ascii_uppercase()] {
                let text = format!("x {form} y");
                let tokens = crate::tokenize::tokenize(&text);
                let an = analyze(&text, &tokens, &gaz);
                assert!(an.is_date_trigger(1), "{form}");
                assert!(!an.is_date_trigger(0) && !an.is_date_trigger(2), "{text}");
            }
            n += 1;
        }
        assert!(n > 50, "{n} trigger words");
        let text = "marching Junes todays weeknights";
        let tokens = crate::tokenize::tokenize(text);
        let an = analyze(text, &tokens, &gaz);
        assert!((0..tokens.len()).all(|j| !an.is_date_trigger(j)));
    }
}
