//! Roles: job titles tied to the people who hold them and the organizations
//! (or countries, cities) they serve.
//!
//! Runs after resolution, on top of the person, organization and place
//! entities: a role is only recorded for a title whose holder is a
//! recognised person. The title words come from the gazetteer (`roles.tsv`,
//! `Kind::Role`; honorifics and generational suffixes are not titles),
//! extended by qualifiers ("former", "acting", "deputy", "-designate") and
//! portfolios ("Minister of Foreign Affairs", "head of mission"). Forms:
//!
//! - premodifier: "Prime Minister Rishi Sunak", "Apple CEO Tim Cook",
//!   "French President Emmanuel Macron" (demonym: the country);
//! - apposition: "Ana Ferreira, head of research at the Centre for Urban
//!   Studies,", "Tim Cook, Apple's chief executive,", "X – director at Y";
//!   and the reverse, "the company's chief executive, Tim Cook,";
//! - predicate: "X is the chairman of Y", "X was appointed chief executive
//!   of Y", "X became mayor of Y", "X, who heads Y".
//!
//! Precision first: each form has a closing condition (punctuation after an
//! apposition, no possessive after a predicate title) and a doubtful
//! reading is dropped rather than guessed.

use std::cell::RefCell;
use std::sync::Arc;

use crate::entity::{Attrs, EntityType, Resolved, RoleLink};
use crate::gazetteer::{Col, Gazetteers, Kind, PhraseMap, Posting, Table};
use crate::hash::{memoized, FastMap};
use crate::patterns::names::{self, Analysis};
use crate::rules::{self, Rule, RuleSet};
use std::sync::LazyLock;

/// A word list's entries, each split into its words once.
type Phrases = Vec<Vec<&'static str>>;

fn phrases(list: &'static str) -> Phrases {
    rules::words(list).map(|entry| entry.split(' ').collect()).collect()
}

static EXPERT_WORDS: LazyLock<Phrases> = LazyLock::new(|| phrases(rules::EXPERT_WORDS));
static ARMED_SERVICES: LazyLock<Phrases> = LazyLock::new(|| phrases(rules::ARMED_SERVICES));
static STATE_INSTITUTIONS: LazyLock<Phrases> = LazyLock::new(|| phrases(rules::STATE_INSTITUTIONS));
static TITLE_MODIFIERS: LazyLock<Phrases> = LazyLock::new(|| phrases(rules::TITLE_MODIFIERS));
use crate::patterns::words::{WordClasses, MAX_WORD};
use crate::span::Span;
use crate::tokenize::{Token, TokenKind, CAP, LINE_START, NON_ASCII, SENT_START, SPACE_BEFORE, UPPER};

/// Gazetteer titles that describe people rather than name a position they
/// hold (occupations without an employer, plurals, family words, status).
const NOT_TITLES: &[&str] = &[
    "academic",
    "activist",
    "actor",
    "actors",
    "actress",
    "alumni",
    "alumnus",
    "analysts",
    "artist",
    "athlete",
    "athletes",
    "attorneys",
    "author",
    "billionaire",
    "biographer",
    "blogger",
    "boxer",
    "brokers",
    "broker",
    "brother",
    "candidate",
    "celebrity",
    "center",
    "centre",
    "challenger",
    "champion",
    "civil servant",
    "closer",
    "co-founders",
    "comedian",
    "commando",
    "composer",
    "congressmen",
    "correspondents",
    "count",
    "critic",
    "cyclist",
    "dancer",
    "dealers",
    "directors",
    "dissident",
    "doctors",
    "economists",
    "editors",
    "elder",
    "employee",
    "employees",
    "entrepreneur",
    "essayist",
    "executives",
    "expert",
    "father",
    "fighter",
    "fighters",
    "financier",
    "free agent",
    "gold medalist",
    "gold medallist",
    "golfer",
    "guard",
    "guerrilla",
    "guerrillas",
    "gunner",
    "gymnast",
    "host",
    "illustrator",
    "incumbent",
    "industrialist",
    "influencer",
    "investor",
    "journalists",
    "judges",
    "juror",
    "lama",
    "jurors",
    "justices",
    "lawmakers",
    "lawyers",
    "legislators",
    "lock",
    "lyricist",
    "magnate",
    "marathon runner",
    "marines",
    "master",
    "medalist",
    "medallist",
    "meps",
    "mercenary",
    "messrs.",
    "militant",
    "militants",
    "ministers",
    "mmes.",
    "model",
    "mogul",
    "mps",
    "musician",
    "nominee",
    "novelist",
    "officials",
    "olympic champion",
    "painter",
    "paramilitary",
    "player",
    "players",
    "playwright",
    "podcaster",
    "poet",
    "professors",
    "prosecutors",
    "rapper",
    "reader",
    "rebel",
    "rebels",
    "reporters",
    "reps.",
    "researchers",
    "rookie",
    "royal",
    "runner",
    "safety",
    "scholar",
    "scientists",
    "screenwriter",
    "sculptor",
    "shareholder",
    "singer",
    "sister",
    "skater",
    "skier",
    "sniper",
    "soldier",
    "soldiers",
    "spokesmen",
    "spokeswomen",
    "sprinter",
    "star",
    "starter",
    "strongman",
    "student",
    "students",
    "substitute",
    "swimmer",
    "team-mate",
    "teammate",
    "technocrat",
    "tennis player",
    "traders",
    "tycoon",
    "veteran",
    "vlogger",
    "warlord",
    "wing",
    "worker",
    "workers",
    "world champion",
    "wrestler",
    "writer",
    // postnominal letters and ambiguous abbreviations
    "ag",
    "kc",
    "md",
    "mep",
    "msp",
    "mla",
    "pc",
    "ph.d.",
    "phd",
    "qc",
    "sc",
    "td",
];

/// Categories of `roles.tsv` that are not positions.
const NOT_CATEGORIES: &[&str] = &["honorific", "generational"];

/// Qualifiers kept in the title ("former chief executive", "ex-president").
const QUALIFIERS: &[&str] = &[
    "former",
    "acting",
    "deputy",
    "interim",
    "outgoing",
    "incoming",
    "vice",
    "assistant",
    "associate",
    "senior",
    "ex",
    "then",
    "founding",
    "caretaker",
];

/// Words crossed before a title but left out of it ("the longtime chairman").
const SKIP: &[&str] = &["longtime", "current", "new", "newly", "recently", "now", "also", "sitting", "serving"];

/// Determiners a title phrase may open with ("the", "its").
const DETS: &[&str] = &["the", "a", "an", "its", "their", "his", "her"];

/// The classes of [`DETS`], [`QUALIFIERS`] and [`SKIP`] words, which a
/// phrase is tried at every token before a name for: one look-up of the
/// token's folded form answers all three, where list scans took ninety
/// instructions each.
const C_DET: u32 = 1;
const C_QUALIFIER: u32 = 2;
const C_SKIP: u32 = 4;
static PHRASE_WORDS: LazyLock<WordClasses> = LazyLock::new(|| {
    WordClasses::new(
        DETS.iter()
            .map(|&w| (w, C_DET))
            .chain(QUALIFIERS.iter().map(|&w| (w, C_QUALIFIER)))
            .chain(SKIP.iter().map(|&w| (w, C_SKIP))),
    )
});

/// Words that may follow a predicate title ("... chairman of Y in 2019").
const FOLLOW: &[&str] = &[
    "and",
    "of",
    "for",
    "with",
    "to",
    "in",
    "since",
    "until",
    "from",
    "at",
    "on",
    "when",
    "after",
    "before",
    "who",
    "but",
    "said",
    "says",
    "last",
    "this",
    "next",
    "earlier",
    "during",
    "while",
    "between",
    "told",
    "announced",
    "has",
    "had",
    "will",
    "is",
    "was",
];

/// Adverbs allowed between a predicate verb and its title.
const ADVERBS: &[&str] =
    &["also", "now", "currently", "still", "previously", "formerly", "later", "then", "once", "recently", "briefly"];

/// Words that cannot start a lowercase portfolio ("president of the ...").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that", "these", "those", "some",
    "several", "many", "all", "both", "each", "every", "any", "no", "one", "two", "three", "what", "which", "whose",
    "such", "other", "another", "more", "most",
];

/// Verbs whose object takes a title ("named X as chief executive").
const APPOINT: &[&str] = &[
    "appointed",
    "appoints",
    "appoint",
    "named",
    "names",
    "elected",
    "elects",
    "hired",
    "hires",
    "nominated",
    "nominates",
    "chose",
    "picked",
    "installed",
    "confirmed",
    "made",
];

/// "X, who heads Y": verb forms and the title they state.
const HEAD_VERBS: &[(&str, &str)] = &[
    ("heads", "head"),
    ("headed", "head"),
    ("chairs", "chair"),
    ("chaired", "chair"),
    ("leads", "leader"),
    ("led", "leader"),
    ("founded", "founder"),
    ("cofounded", "co-founder"),
];

/// A parsed title phrase: `[start, end)` in tokens, the title `[ts, te)`
/// inside it, and the organization it names.
#[derive(Clone, Copy, Debug)]
struct Phrase {
    start: usize,
    /// Qualifiers written before an organization ("former" in "former Chelsea captain").
    pre: Option<(usize, usize)>,
    ts: usize,
    te: usize,
    end: usize,
    org: Option<Org>,
    /// It began with a determiner, possessive or organization.
    det: bool,
}

/// The part of a [`Phrase`] read from its title start on.
struct Tail {
    /// The end of the title with "-elect" and a coordinated title, before any portfolio.
    bare: usize,
    te: usize,
    end: usize,
    /// The organization named after the title (an entity index).
    org: Option<usize>,
}

/// The organization of a role: an entity index, or a country (by ISO code
/// offset in the countries table) that may need an entity.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Org {
    Entity(usize),
    Country(usize),
    /// An armed service named before a rank ("Navy Capt."): its byte span.
    Service(usize, usize),
}

struct Ctx<'a> {
    text: &'a str,
    tokens: &'a [Token],
    gaz: &'a Gazetteers,
    an: &'a Analysis,
    entities: &'a [Resolved],
    /// Entity mentions in tokens `(start, end, entity)`, sorted by start.
    by_start: Vec<(usize, usize, usize)>,
    /// `(start, end)` of the longest position title starting at each token
    /// that starts one, by start (see [`Ctx::find_titles`]), worked out once
    /// per article. Titles are a few per article: a list, not a slot per
    /// token.
    titles: Vec<(u32, u32)>,
    /// The organization mention texts, for [`Ctx::org_by_text`]; built on
    /// first use.
    org_texts: std::cell::OnceCell<OrgTexts<'a>>,
}

/// Bytes of an organization mention's text that key [`OrgTexts`].
const ORG_KEY: usize = 8;

/// Each distinct organization mention text once, with its first entity
/// and its rank in entity-then-mention order, keyed by its first
/// [`ORG_KEY`] bytes (shorter texts by the whole text): a lookup costs a
/// few hash probes, not a scan of every mention.
type OrgTexts<'a> = FastMap<&'a [u8], Vec<(usize, &'a str, usize)>>;

thread_local! {
    // Whether each row of the titles table names a position, decided once
    // per thread (a scan of NOT_TITLES) and keyed by gazetteers and row.
    static POSITIONS: RefCell<FastMap<(u64, usize), bool>> = RefCell::new(FastMap::default());
}

/// True if the title at `offset` of the titles table names a position,
/// not an occupation, a family word or an honorific.
fn is_position(gaz: &Gazetteers, table: &Table, offset: usize) -> bool {
    memoized(&POSITIONS, (gaz.id(), offset), 1 << 13, || {
        let title = table.field(offset, Col::Title).unwrap_or("");
        let cat = table.field(offset, Col::Category).unwrap_or("");
        !(lc_in(title, NOT_TITLES) || NOT_CATEGORIES.contains(&cat))
    })
}

fn lc_in(s: &str, list: &[&str]) -> bool {
    lc_in_bytes(s.as_bytes(), list)
}

/// [`lc_in`] on bytes: the length and the first letter first, as most
/// words of a list differ from `s` in them.
fn lc_in_bytes(s: &[u8], list: &[&str]) -> bool {
    let Some(first) = s.first().map(u8::to_ascii_lowercase) else {
        return list.iter().any(|w| w.is_empty());
    };
    list.iter().any(|w| {
        let w = w.as_bytes();
        w.len() == s.len() && w[0].to_ascii_lowercase() == first && w.eq_ignore_ascii_case(s)
    })
}

impl Ctx<'_> {
    fn n(&self) -> usize {
        self.tokens.len()
    }

    fn w(&self, i: usize) -> &str {
        if i < self.tokens.len() {
            self.tokens[i].text(self.text)
        } else {
            ""
        }
    }

    fn is(&self, i: usize, s: &str) -> bool {
        i < self.n() && self.tokens[i].bytes(self.text).eq_ignore_ascii_case(s.as_bytes())
    }

    /// The word of `list` (lowercase) that token `i` is, in any case.
    fn word_of(&self, i: usize, list: &[&'static str]) -> Option<&'static str> {
        let t = self.tokens.get(i).filter(|t| t.is_word())?;
        let b = t.bytes(self.text);
        list.iter().copied().find(|w| w.len() == b.len() && w.as_bytes().eq_ignore_ascii_case(b))
    }

    fn word_in(&self, i: usize, list: &[&str]) -> bool {
        i < self.n() && self.tokens[i].is_word() && {
            let t = &self.tokens[i];
            lc_in_bytes(&self.text.as_bytes()[t.start()..t.end()], list)
        }
    }

    /// True if token `i` is a word of one of the `classes` of
    /// [`PHRASE_WORDS`] ([`Ctx::word_in`] of their lists, by one look-up).
    #[inline(always)]
    fn phrase_word(&self, i: usize, classes: u32) -> bool {
        // The lists are ASCII: a non-ASCII token is in none, and an ASCII
        // word's folded form is its lowercase.
        i < self.n() && self.tokens[i].is_word() && !self.tokens[i].is(NON_ASCII) && {
            let (head, len) = self.an.folded.token_head(i);
            len <= MAX_WORD && PHRASE_WORDS.of_head(head, len) & classes != 0
        }
    }

    fn punct(&self, i: usize, c: char) -> bool {
        i < self.n() && self.tokens[i].is_punct(self.text, c)
    }

    fn glued(&self, i: usize) -> bool {
        i < self.n() && !self.tokens[i].is(SPACE_BEFORE)
    }

    /// A possessive `'s` (or `'`) at token `i`: returns the token after it.
    fn possessive(&self, i: usize) -> Option<usize> {
        if i < self.n() && (self.punct(i, '\'') || self.punct(i, '\u{2019}')) {
            // "Ford's", and "Ford 's" as tokenized copy writes it.
            if self.is(i + 1, "s") && self.glued(i + 1) && (self.glued(i) || !self.glued(i + 2)) {
                return Some(i + 2);
            }
            if !self.glued(i) {
                return None;
            }
            if i > 0 && self.w(i - 1).ends_with(['s', 'S']) {
                return Some(i + 1);
            }
        }
        None
    }

    /// A dash used as a separator (" – ", " — ", " - ").
    fn dash(&self, i: usize) -> bool {
        i < self.n()
            && (self.punct(i, '\u{2013}')
                || self.punct(i, '\u{2014}')
                || (self.punct(i, '-') && self.tokens[i].is(SPACE_BEFORE) && !self.glued(i + 1)))
    }

    /// The entity mention starting at token `i` (longest), of the wanted types.
    fn entity_at(&self, i: usize, ok: impl Fn(&EntityType) -> bool) -> Option<(usize, usize)> {
        let a = self.by_start.partition_point(|&(s, _, _)| s < i);
        self.by_start[a..]
            .iter()
            .take_while(|&&(s, _, _)| s == i)
            .filter(|&&(_, _, e)| ok(&self.entities[e].ty))
            .map(|&(_, end, e)| (end, e))
            .max_by_key(|&(end, _)| end)
    }

    /// An organization the article names elsewhere, written at token `i`
    /// where it was not recognised ("Shell chief executive" at a sentence start).
    fn org_by_text(&self, i: usize) -> Option<(usize, usize)> {
        if i >= self.n() || !self.tokens[i].is_capitalized() {
            return None;
        }
        let start = self.tokens[i].start();
        let rest = &self.text.as_bytes()[start..];
        let texts = self.org_texts.get_or_init(|| {
            let mut texts = OrgTexts::default();
            let mut seen = crate::hash::FastSet::default();
            let orgs = self.entities.iter().enumerate().filter(|(_, e)| e.ty == EntityType::Organization);
            for (ei, e) in orgs {
                for m in &e.mentions {
                    let w = &self.text[m.start..m.end];
                    if seen.insert(w) {
                        let key = &w.as_bytes()[..w.len().min(ORG_KEY)];
                        texts.entry(key).or_default().push((seen.len(), w, ei));
                    }
                }
            }
            texts
        });
        // An article that names no organization (many do not) has nothing to probe.
        if texts.is_empty() {
            return None;
        }
        // The first text (in entity-then-mention order) that starts here and
        // ends where a token ends. A text shorter than the key is its own
        // key and ends where a token ends: only those lengths are probed,
        // and the full key length for the longer texts.
        let mut best: Option<(usize, usize, usize)> = None;
        let key = ORG_KEY.min(rest.len());
        let short = self.tokens[i..].iter().map(|t| t.end() - start).take_while(|&len| len < key);
        for len in short.chain(std::iter::once(key)) {
            for &(rank, w, ei) in texts.get(&rest[..len]).map_or(&[][..], |v| v.as_slice()) {
                if best.is_some_and(|b| b.0 < rank) || !rest.starts_with(w.as_bytes()) {
                    continue;
                }
                let end = self.tokens.partition_point(|t| t.start() < start + w.len());
                if end > i && self.tokens[end - 1].end() == start + w.len() {
                    best = Some((rank, end, ei));
                }
            }
        }
        best.map(|(_, end, ei)| (end, ei))
    }

    /// True if token `i` is a common English word (from the gazetteer).
    fn common(&self, i: usize) -> bool {
        self.an.is_common(i)
    }

    /// The country table offset of a demonym or a country name at `i`
    /// ("French", "UK"), and its end: the country of a public office named
    /// before the title, also where the names stage made no entity of it.
    fn demonym(&self, i: usize) -> Option<(usize, usize)> {
        if i >= self.n() || !self.tokens[i].is(CAP) {
            return None;
        }
        let map = self.gaz.map();
        self.an
            .hits_from(i)
            .iter()
            .filter_map(|(_, h)| {
                map.postings(h.value)
                    .filter_map(Posting::decode)
                    .find(|p| {
                        p.kind == Kind::Demonym
                            // A country by name or acronym ("UK", "Japan"), written as a name.
                            || p.kind == Kind::Country && (!p.upper_only || self.tokens[i].is(UPPER))
                    })
                    .map(|p| (h.end, p.offset, p.kind == Kind::Demonym))
            })
            .max_by_key(|&(end, _, _)| end)
            // Plural people forms ("Americans") are not adjectives ("Swiss" is).
            .filter(|&(end, _, dem)| !dem || !self.w(end - 1).ends_with('s') || self.w(end - 1).ends_with("ss"))
            .map(|(end, off, _)| (end, off))
    }

    /// The longest position title starting at token `i`: its end.
    fn title_at(&self, i: usize) -> Option<usize> {
        let k = self.titles.partition_point(|&(s, _)| (s as usize) < i);
        self.titles.get(k).filter(|&&(s, _)| s as usize == i).map(|&(_, e)| e as usize)
    }

    /// True if a position title starts at a token of `[lo, hi)`.
    fn any_title_in(&self, lo: usize, hi: usize) -> bool {
        let k = self.titles.partition_point(|&(s, _)| (s as usize) < lo);
        self.titles.get(k).is_some_and(|&(s, _)| (s as usize) < hi)
    }

    /// The last token of `[lo, hi)` where a position title starts.
    fn last_title_in(&self, lo: usize, hi: usize) -> Option<usize> {
        let k = self.titles.partition_point(|&(s, _)| (s as usize) < hi);
        self.titles[..k].last().map(|&(s, _)| s as usize).filter(|&s| s >= lo)
    }

    /// True if token `i` is an occupation of the expert list.
    fn expert_word(&self, i: usize) -> bool {
        self.words_in(i, &EXPERT_WORDS) == Some(i + 1)
    }

    /// The end of the longest entry of the word list `list` (lowercase
    /// words separated by single spaces) written from token `i`, in any case.
    fn words_in(&self, i: usize, list: &'static Phrases) -> Option<usize> {
        if i >= self.n() || !self.tokens[i].is_word() {
            return None;
        }
        // The first word read once, and compared by length first.
        let first = self.w(i);
        list.iter()
            .filter(|entry| entry[0].len() == first.len() && entry[0].eq_ignore_ascii_case(first))
            .filter_map(|entry| {
                let mut j = i + 1;
                for w in &entry[1..] {
                    if j >= self.n() || !self.tokens[j].is_word() || !self.w(j).eq_ignore_ascii_case(w) {
                        return None;
                    }
                    j += 1;
                }
                Some(j)
            })
            .max()
    }

    /// The end of an armed service's name written at `i` ("Navy", "Air
    /// Force").
    fn service(&self, i: usize) -> Option<usize> {
        // A service is read only before a title (a service's name is at most two words).
        if i >= self.n() || !self.tokens[i].is(CAP) || !self.any_title_in(i + 1, i + 3) {
            return None;
        }
        self.words_in(i, &ARMED_SERVICES).filter(|&end| (i..end).all(|j| self.tokens[j].is(CAP)))
    }

    /// The end of a region or country written at `i` ("East Africa"), by
    /// the gazetteer.
    fn area_end(&self, i: usize) -> Option<usize> {
        if i >= self.n() || !self.tokens[i].is(CAP) {
            return None;
        }
        let map = self.gaz.map();
        self.an
            .hits_from(i)
            .iter()
            .filter(|(_, h)| {
                map.postings(h.value)
                    .filter_map(Posting::decode)
                    .any(|p| matches!(p.kind, Kind::Region | Kind::Country))
            })
            .map(|(_, h)| h.end)
            .max()
    }

    /// The start of an honorific written just before the name at `ps`
    /// ("Dr. ", "Mr "), or `ps`.
    fn honorific_before(&self, ps: usize) -> usize {
        if ps >= 2 && self.punct(ps - 1, '.') && self.glued(ps - 1) && self.an.is_honorific(ps - 2) {
            ps - 2
        } else if ps >= 1 && self.tokens[ps - 1].is_word() && self.an.is_honorific(ps - 1) {
            ps - 1
        } else {
            ps
        }
    }

    /// The title phrase that ends at `stop`, starting as early as it can
    /// (at most 12 tokens back, not across a line).
    fn premodifier(&self, stop: usize) -> Option<Phrase> {
        let lo = stop.saturating_sub(12);
        // A premodifier holds a title: no title, no phrase to parse.
        // A phrase ending at `stop` holds a title that starts before `stop`
        // and not before the phrase: no start after the last such title.
        let last = self.last_title_in(lo, stop)?;
        // Not across a line: no start before the last line start in
        // `lo + 1..=stop` (found once, not for every start).
        let first = (lo + 1..=stop).rev().find(|&k| self.tokens[k].is(LINE_START)).map_or(lo, |k| k.max(lo));
        // What follows the title start is read from it alone (see
        // `phrase_tail`), and a phrase's title starts at or after the
        // phrase: no start after the last title start whose tail ends at
        // `stop`, and none at all if no tail does.
        let last =
            (first..stop.min(last + 1)).rev().find(|&ts| self.phrase_tail(ts, stop).is_some_and(|t| t.end == stop))?;
        (first..=last).find_map(|a| self.phrase_to(a, stop).filter(|ph| ph.end == stop))
    }

    /// "expert from the European Institute of X" at `i`: the occupation's
    /// span and text, the organization, and the end.
    fn expert(&self, i: usize) -> Option<(Span, String, usize, usize)> {
        // The preposition first: the list is read only before one.
        if !(i + 1..i + 4).any(|j| self.word_in(j, &["from", "at", "with"])) {
            return None;
        }
        let mut k = i;
        if self.word_in(k, &["a", "an", "the"]) {
            k += 1;
        }
        // One modifier at most: "senior analyst", "defence expert".
        let mut ts = k;
        if !self.expert_word(k) && self.tokens.get(k).is_some_and(|t| t.is_word() && !t.is(CAP)) {
            k += 1;
        }
        if !self.expert_word(k) {
            return None;
        }
        if self.word_in(ts, DETERMINERS) {
            ts = k;
        }
        self.word_of(k + 1, &["from", "at", "with"])?;
        let (end, org) = self.org_after(k + 2, "at")?;
        if self.entities[org].ty != EntityType::Organization {
            return None;
        }
        let span = Span::new(self.tokens[ts].start(), self.tokens[k].end());
        Some((span, self.title_text(ts, k + 1), org, end))
    }

    /// The organization that is the subject of the verb at `v` ("Acme
    /// named", "Acme today named"): an organization
    /// mention ending at most two lowercase words before it.
    fn subject_org(&self, v: usize) -> Option<usize> {
        let lo = self.by_start.partition_point(|&(s, _, _)| s + 12 < v);
        let hi = self.by_start.partition_point(|&(s, _, _)| s < v);
        self.by_start[lo..hi]
            .iter()
            .filter(|&&(_, e, ei)| {
                e <= v
                    && e + 2 >= v
                    && self.entities[ei].ty == EntityType::Organization
                    && (e..v).all(|j| self.tokens[j].is_word() && !self.tokens[j].is(CAP))
            })
            .map(|&(_, e, ei)| (e, ei))
            .max()
            .map(|(_, ei)| ei)
    }

    /// After a name at `i`, the end of a list of capitalised names that
    /// goes on (", Open Data and Transparency"; at most 12 tokens): a list
    /// has its commas and its "and" ("of the Council, Ana Lima," has no
    /// "and", "Bank for Reconstruction and Development" no comma).
    fn list_after(&self, i: usize) -> Option<usize> {
        if !(self.punct(i, ',') || self.word_in(i, &["and"]) || self.punct(i, '&'))
            || !self.tokens.get(i + 1).is_some_and(|t| t.is_capitalized())
        {
            return None;
        }
        let (mut j, mut last, mut and, mut comma) = (i, i, false, false);
        while j < self.n() && j < i + 12 {
            if self.tokens[j].is_capitalized() {
                last = j + 1;
            } else if self.word_in(j, &["and"]) || self.punct(j, '&') {
                and = true;
            } else if self.punct(j, ',') {
                comma = true;
            } else {
                break;
            }
            j += 1;
        }
        (and && comma && last > i).then_some(last)
    }

    /// [`Ctx::title_at`] for every token, from one pass over the gazetteer hits.
    fn find_titles(&self) -> Vec<(u32, u32)> {
        let map = self.gaz.map();
        let table = self.gaz.table(Kind::Role);
        let mut titles: Vec<(u32, u32)> = Vec::new();
        // The hits come by start token.
        for &(i, h) in &self.an.hits {
            // A title written in capitals other than an acronym is a headline.
            if !self.tokens[i].is_word() || self.an.caps_line[i] || !PhraseMap::has_kind(h.value, &[Kind::Role]) {
                continue;
            }
            for p in map.postings(h.value).filter_map(Posting::decode) {
                if p.kind != Kind::Role {
                    continue;
                }
                if p.upper_only && !self.tokens[i..h.end].iter().filter(|t| t.is_word()).all(|t| t.is(UPPER)) {
                    continue;
                }
                if !is_position(self.gaz, table, p.offset) {
                    continue;
                }
                let (start, end) = (i as u32, h.end as u32);
                match titles.last_mut() {
                    Some(last) if last.0 == start => last.1 = last.1.max(end),
                    _ => titles.push((start, end)),
                }
            }
        }
        debug_assert!(titles.windows(2).all(|w| w[0].0 < w[1].0));
        titles
    }

    /// An organization-like entity that a title may name after it.
    fn org_after(&self, i: usize, prep: &str) -> Option<(usize, usize)> {
        let mut k = i;
        if self.is(k, "the") {
            k += 1;
        }
        // "President of France", "minister of health for Ghana";
        // "Minister for Europe" and "envoy to Syria" name a portfolio, not
        // the organization (see `phrase_to`).
        let places = matches!(prep, "of" | "for");
        self.entity_at(k, |t| {
            *t == EntityType::Organization
                || places && matches!(t, EntityType::Country | EntityType::City | EntityType::Region)
        })
        .or_else(|| self.org_by_text(k))
        .and_then(|(end, e)| {
            // A state's institution: "the Ghana police", "Chad's armed forces".
            if self.entities[e].ty.is_place() {
                if let Some(inst) = self.words_in(self.possessive(end).unwrap_or(end), &STATE_INSTITUTIONS) {
                    return Some((inst, e));
                }
            }
            self.possessive(end).is_none().then_some((end, e))
        })
    }

    /// Parse a title phrase starting at token `i`.
    fn phrase(&self, i: usize) -> Option<Phrase> {
        self.phrase_to(i, usize::MAX)
    }

    /// [`Ctx::phrase`] that ends at or before `stop`, where a name starts:
    /// a capitalised portfolio may run up to it ("Director of Planning Ana
    /// Lima").
    fn phrase_to(&self, i: usize, stop: usize) -> Option<Phrase> {
        if !self.may_start_phrase(i) {
            return None;
        }
        let n = self.n().min(stop);
        let mut k = i;
        let mut org = None;
        let mut det = false;
        if self.phrase_word(k, C_DET) {
            k += 1;
            det = true;
        }
        // Qualifiers before an organization: "former Chelsea captain".
        let mut pre = None;
        {
            let mut j = k;
            while self.phrase_word(j, C_QUALIFIER) {
                j += 1;
                if self.punct(j, '-') && self.glued(j) {
                    j += 1;
                }
            }
            if j > k && self.title_start(j).is_none() {
                pre = Some((k, j));
                k = j;
            }
        }
        // Organization before the title: "Apple CEO", "Apple's chief executive", "France's president".
        let mut civic_only = false;
        let demonym = self.demonym(k);
        let ent = self
            .entity_at(k, |t| t.is_place() || *t == EntityType::Organization)
            .filter(|&(_, e)| {
                demonym.is_none() || matches!(self.entities[e].ty, EntityType::Organization | EntityType::Country)
            })
            .or_else(|| self.org_by_text(k));
        if let Some((end, e)) = ent {
            if let Some(after) = self.possessive(end) {
                org = Some(Org::Entity(e));
                k = after;
                det = true;
            } else if self.title_start(end).is_some() {
                civic_only = matches!(self.entities[e].ty, EntityType::City | EntityType::Region);
                org = Some(Org::Entity(e));
                k = end;
                det = true;
            }
        } else if let Some((end, off)) = demonym {
            if let Some(after) = self.possessive(end).filter(|&a| self.title_start(a).is_some()) {
                org = Some(Org::Country(off));
                k = after;
                det = true;
            } else if self.title_start(end).is_some() {
                org = Some(Org::Country(off));
                k = end;
                det = true;
            }
        } else if let Some(end) = self.service(k).filter(|&end| self.title_start(end).is_some()) {
            // "Navy Capt. X", "Army Sgt. Y".
            org = Some(Org::Service(self.tokens[k].start(), self.tokens[end - 1].end()));
            k = end;
            det = true;
        } else if let Some(after) = self
            .entity_at(k, |t| *t == EntityType::Person)
            .and_then(|(end, _)| self.possessive(end))
            .filter(|&a| self.title_start(a).is_some())
        {
            // A person's aide: "the president's political adviser".
            k = after;
            det = true;
        } else if det && k + 1 < n && self.tokens[k].is_word() && !self.tokens[k].is(CAP) {
            // "the company's chief executive"
            if let Some(after) = self.possessive(k + 1) {
                k = after;
            }
        }
        let ts = self.title_start(k)?;
        if pre.is_some() && org.is_none() {
            return None;
        }
        let tail = self.phrase_tail(ts, stop)?;
        if civic_only {
            let t = self.title_text(ts, tail.bare);
            // ("London Mayor", "Minnesota Gov.": a city or region before
            // the title is the organization only for a town's offices.)
            if !rules::is_civic_title(&t) {
                return None;
            }
        }
        if org.is_none() {
            org = tail.org.map(Org::Entity);
        }
        Some(Phrase { start: i, pre, ts, te: tail.te, end: tail.end, org, det })
    }

    /// What a title phrase holds from its title start `ts` on (the title,
    /// "-elect", a coordinated title, the portfolio and organization after
    /// it), ending at or before `stop`: read from `ts` alone, whatever came
    /// before the title.
    fn phrase_tail(&self, ts: usize, stop: usize) -> Option<Tail> {
        let n = self.n().min(stop);
        let mut org = None;
        let (mut te, mut end) = (self.title_end(ts)?, 0);
        // "-designate", "-elect"
        if (self.punct(te, '-') && self.glued(te) && self.word_in(te + 1, &["designate", "elect"]))
            && self.glued(te + 1)
        {
            te += 2;
        } else if self.word_in(te, &["designate"]) {
            te += 1;
        }
        // Coordinated titles of one holder: "president and chief executive of X".
        if self.word_in(te, &["and"]) || self.punct(te, '&') {
            if let Some(e2) = self.title_at(te + 1).or_else(|| self.title_end(te + 1)) {
                te = e2;
            }
        }
        // Portfolio and organization after the title.
        let mut k = te;
        let bare = te;
        for _ in 0..2 {
            let Some(prep) = self.word_of(k, &["of", "for", "at", "with", "to"]) else { break };
            // A place after "for" or "to" is the portfolio: "Minister for the
            // Pacific"; after a portfolio, "for" names the state served.
            if prep == "to" || prep == "for" && te == bare {
                let j = if self.is(k + 1, "the") { k + 2 } else { k + 1 };
                if let Some((pe, _)) = self.entity_at(j, |t| t.is_place()).filter(|&(pe, _)| pe <= n) {
                    te = pe;
                    k = pe;
                    continue;
                }
            }
            if let Some((oe, e)) = self.org_after(k + 1, prep) {
                // A list of portfolios, not an organization: "commissioner of
                // Digital Services, Open Data and Transparency in the City Council".
                if let Some(le) = self.list_after(oe).filter(|_| prep == "of") {
                    te = le;
                    end = le;
                    if let Some(prep2) = self.word_of(le, &["in", "at", "of"]) {
                        if let Some((oe2, e2)) = self.org_after(le + 1, prep2) {
                            if org.is_none() {
                                org = Some(e2);
                            }
                            end = oe2;
                        }
                    }
                    break;
                }
                if org.is_none() {
                    org = Some(e);
                }
                end = oe;
                break;
            }
            if !matches!(prep, "of" | "for") {
                break;
            }
            // "of Foreign Affairs", "for Digital Innovation and Good Governance"
            let mut j = k + 1;
            if self.is(j, "the") && self.tokens.get(j + 1).is_some_and(|t| t.is(CAP)) {
                j += 1; // "Minister for the Pacific"
            }
            let first = j;
            let mut last = None;
            let cap = self.tokens.get(j).is_some_and(|t| t.is(CAP));
            while j < n && j < k + 8 {
                let t = &self.tokens[j];
                if t.is_word() && (t.is(CAP) == cap) && !t.is(UPPER) && self.common(j) && !self.word_in(j, DETERMINERS)
                {
                    if cap || !self.word_in(j, &["of", "for", "at", "with", "to", "and", "in", "on"]) {
                        last = Some(j + 1);
                    }
                    j += 1;
                } else if cap && j > first && (self.word_in(j, &["and"]) || self.punct(j, '&') || self.punct(j, ',')) {
                    j += 1;
                } else {
                    break;
                }
                if !cap && last.is_some_and(|l| l - first >= 2) {
                    break;
                }
            }
            let Some(l) = last else { break };
            // A capitalised tail must be all of the capitalised run ("of Acme Widgets Ltd" is a name).
            if cap && l != stop && self.tokens.get(l).is_some_and(|t| t.is_capitalized()) {
                return None;
            }
            te = l;
            k = l;
        }
        if end == 0 {
            end = te;
        }
        Some(Tail { bare, te, end, org })
    }

    /// True if a title phrase can start at token `i`: what [`Ctx::phrase_to`]
    /// reads first is there (a determiner, a qualifier, a skip word, a
    /// capitalised word, a mention, a title at `i` or after a field word at
    /// `i`). Cheap tests that turn away most tokens before the parse.
    fn may_start_phrase(&self, i: usize) -> bool {
        if i >= self.n() {
            return false;
        }
        self.tokens[i].is(CAP)
            || self.title_at(i).is_some()
            || self.title_at(i + 1).is_some()
            || self.by_start.binary_search_by(|&(s, _, _)| s.cmp(&i)).is_ok()
            || self.phrase_word(i, C_DET | C_QUALIFIER | C_SKIP)
    }

    /// The start of a title at `k`, crossing skip words and qualifiers: the
    /// first token of the title as written (qualifiers included).
    fn title_start(&self, k: usize) -> Option<usize> {
        let mut k = k;
        while self.phrase_word(k, C_SKIP) {
            k += 1;
        }
        self.title_end(k).map(|_| k)
    }

    /// The end of the title starting (with qualifiers) at `ts`.
    fn title_end(&self, ts: usize) -> Option<usize> {
        self.title_end_from(ts, ts)
    }

    /// [`Ctx::title_end`] from token `j`: a qualifier is read as one when a
    /// title follows it ("deputy director", "deputy Africa director"),
    /// else as the title itself ("deputy").
    fn title_end_from(&self, ts: usize, j: usize) -> Option<usize> {
        // A field before the title: "political adviser", "defence analyst".
        // (The title after it first: titles are few, the list is read only before one.)
        if let Some(e) = self.title_at(j + 1) {
            if j < self.n() && !self.tokens[j].is(CAP) && self.words_in(j, &TITLE_MODIFIERS) == Some(j + 1) {
                return Some(e);
            }
        }
        if self.phrase_word(j, C_QUALIFIER) {
            let mut k = j + 1;
            if self.punct(k, '-') && self.glued(k) {
                k += 1;
            }
            if let Some(e) = self.title_end_from(ts, k) {
                return Some(e);
            }
        }
        if let Some(e) = self.title_at(j) {
            return Some(e);
        }
        // The area of a qualified title: "deputy Africa director".
        if j > ts {
            return self.area_end(j).and_then(|pe| self.title_at(pe));
        }
        None
    }

    /// The title as written: tokens `[s, e)`, capitalised words lowercased,
    /// acronyms kept ("CEO").
    fn title_text(&self, s: usize, e: usize) -> String {
        let mut out = String::new();
        for (k, t) in self.tokens[s..e].iter().enumerate() {
            if k > 0 && t.is(SPACE_BEFORE) {
                out.push(' ');
            }
            let w = t.text(self.text);
            if t.is(UPPER) && w.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                out.push_str(w);
            } else {
                out.push_str(&w.to_lowercase());
            }
        }
        out
    }

    /// Nothing that continues a noun phrase after a title at `i`.
    fn closes(&self, i: usize) -> bool {
        if i >= self.n() || self.tokens[i].is(LINE_START) {
            return true;
        }
        let t = &self.tokens[i];
        match t.kind {
            TokenKind::Punct => {
                let w = self.w(i);
                !(w == "'" || w == "\u{2019}" || w == "-" && self.glued(i))
            }
            TokenKind::Number => false,
            TokenKind::Word => false,
        }
    }
}

/// One found role: person entity, title span and text, organization.
struct Found {
    person: usize,
    span: Span,
    title: String,
    org: Option<Org>,
    rule: Rule,
}

/// Add role entities for titles tied to person mentions.
pub fn attach(text: &str, tokens: &[Token], gaz: &Gazetteers, an: &Analysis, entities: &mut Vec<Resolved>) {
    // Roles are held by people: no person, no role.
    if tokens.is_empty() || !entities.iter().any(|e| e.ty == EntityType::Person) {
        return;
    }
    let by_start = mention_tokens(tokens, entities);
    let mut cx = Ctx { text, tokens, gaz, an, entities, by_start, titles: Vec::new(), org_texts: Default::default() };
    cx.titles = cx.find_titles();
    let cx = cx;
    let mut found: Vec<Found> = Vec::new();
    for &person in &people_mentions(&cx) {
        let (ps, pe, _) = person;
        // A name that ends in a title abbreviation ("Army Sgt" before ". John
        // Doe") is a misread title, not a holder (the title takes the
        // period; "said Mayor Chris Dean." ends a sentence).
        if (ps..pe).any(|k| k + 1 == pe && cx.punct(pe, '.') && cx.title_at(k).is_some_and(|t| t > pe)) {
            continue;
        }
        let lead = premodifiers(&cx, person, &mut found);
        apposition(&cx, person, &mut found);
        predicate_role(&cx, person, &mut found);
        who_heads(&cx, person, &mut found);
        appointed(&cx, person, &mut found);
        reverse_apposition(&cx, person, lead, &mut found);
    }
    add_roles(text, gaz, entities, found);
}

/// A person's mention: `(first token, one past the last, entity)`.
type Mention = (usize, usize, usize);

/// The mentions of people, organizations and places in tokens: their
/// byte spans in text order, turned into `(first token, one past the
/// last, entity)` in one pass, sorted.
fn mention_tokens(tokens: &[Token], entities: &[Resolved]) -> Vec<(usize, usize, usize)> {
    let mut spans = Vec::with_capacity(entities.iter().map(|e| e.mentions.len()).sum());
    for (ei, e) in entities.iter().enumerate() {
        if e.ty == EntityType::Person || e.ty == EntityType::Organization || e.ty.is_place() {
            spans.extend(e.mentions.iter().map(|m| (m.start, m.end, ei)));
        }
    }
    spans.sort_unstable();
    let mut by_start = Vec::with_capacity(spans.len());
    // The first token starting at or after the mention's start (searched
    // for past the last one: mentions are a few tokens among hundreds), and
    // at or after its end (a few tokens on).
    let mut s = 0;
    for (start, end, ei) in spans {
        s += tokens[s..].partition_point(|t| t.start() < start);
        let mut en = s;
        while en < tokens.len() && tokens[en].start() < end {
            en += 1;
        }
        if s < en && tokens[s].start() == start {
            by_start.push((s, en, ei));
        }
    }
    // Sorted by start already; by end and entity too but where two ends
    // fall in one token.
    if !by_start.is_sorted() {
        by_start.sort_unstable();
    }
    by_start
}

/// The people's mentions in tokens, then the lone surnames of people
/// named in full.
fn people_mentions(cx: &Ctx) -> Vec<Mention> {
    let (text, tokens, entities) = (cx.text, cx.tokens, cx.entities);
    let n = tokens.len();
    let mut people: Vec<(usize, usize, usize)> =
        cx.by_start.iter().copied().filter(|&(_, _, e)| entities[e].ty == EntityType::Person).collect();
    // A lone surname the names stage left out (sentence-initial "Kline was ..."):
    // the one person whose full name ends with it.
    let mut covered = vec![false; n];
    for &(s, e, _) in &cx.by_start {
        covered[s..e].iter_mut().for_each(|c| *c = true);
    }
    // (last word of a full name, its person), listed once per article.
    let surnames: Vec<(&str, usize)> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.ty == EntityType::Person)
        .filter_map(|(ei, e)| {
            let name = &*e.name;
            name.as_bytes().iter().rposition(|&b| b == b' ').map(|p| (&name[p + 1..], ei))
        })
        .collect();
    // Each surname's one owner, or `None` when people share it: a scan of
    // the few people of an article, a map for the many of a long record.
    let mut owner: FastMap<&str, Option<usize>> = FastMap::default();
    if surnames.len() > 16 {
        for &(last, pi) in &surnames {
            owner.entry(last).and_modify(|o| *o = None).or_insert(Some(pi));
        }
    }
    let owner_of = |w: &str| -> Option<usize> {
        if surnames.len() > 16 {
            return owner.get(w).copied().flatten();
        }
        let mut owners = surnames.iter().filter(|&&(last, _)| last == w);
        match (owners.next(), owners.next()) {
            (Some(&(_, pi)), None) => Some(pi),
            _ => None,
        }
    };
    for i in cx.an.capitalized() {
        if covered[i] || cx.an.caps_line[i] {
            continue;
        }
        if let Some(pi) = owner_of(tokens[i].text(text)) {
            people.push((i, i + 1, pi));
        }
    }
    people
}

/// The role of person `pi` that title phrase `ph` names.
fn phrase_role(cx: &Ctx, pi: usize, ph: &Phrase, rule: Rule) -> Found {
    let (s0, title) = match ph.pre {
        Some((a, b)) => (a, format!("{} {}", cx.title_text(a, b), cx.title_text(ph.ts, ph.te))),
        None => (ph.ts, cx.title_text(ph.ts, ph.te)),
    };
    let span = Span::new(cx.tokens[s0].start(), cx.tokens[ph.te - 1].end());
    Found { person: pi, span, title, org: ph.org, rule }
}

/// Premodifier (step 1 of [`attach`]): "French President Emmanuel
/// Macron", stacked titles "UN spokesman Lieutenant-Colonel X". Not when a title follows the
/// "name" ("the agency's deputy East Africa director": a compound title).
/// Returns `lead`: where the name's bare ranks begin ("Major-General"),
/// for an apposition before them.
fn premodifiers(cx: &Ctx, (ps, pe, pi): Mention, found: &mut Vec<Found>) -> usize {
    let (tokens, n) = (cx.tokens, cx.tokens.len());
    // An honorific between a title and the name: "Superintendent Dr. X".
    let ps0 = cx.honorific_before(ps);
    let mut lead = ps0;
    // Nor a one-word "name" numbered after a title: "Alderman Ward 3" is a seat.
    let numbered = pe == ps + 1 && pe < n && tokens[pe].kind == TokenKind::Number;
    if ps0 > 0 && !tokens[ps0].is(LINE_START) && cx.title_at(pe).is_none() && !numbered {
        let mut stop = ps0;
        for _ in 0..2 {
            let Some(ph) = cx.premodifier(stop) else { break };
            // "a spokesman John Smith": an indefinite title is not a premodifier.
            if cx.word_in(ph.start, &["a", "an"]) {
                break;
            }
            let mut ph = ph;
            // The organization after the name: "Chief economist X, of Y Bank,".
            if ph.org.is_none() && cx.punct(pe, ',') && cx.word_in(pe + 1, &["of", "from", "at"]) {
                let o = if cx.is(pe + 2, "the") { pe + 3 } else { pe + 2 };
                ph.org = cx.entity_at(o, |t| *t == EntityType::Organization).map(|(_, e)| Org::Entity(e));
            }
            found.push(phrase_role(cx, pi, &ph, Rule::RolePremodifier));
            if ph.det || ph.org.is_some() || ph.pre.is_some() {
                break;
            }
            // A hyphenated rank's first part: "Lieutenant-" of "Lieutenant-Colonel".
            stop = ph.start;
            if stop >= 2 && cx.glued(stop) && cx.punct(stop - 1, '-') && cx.glued(stop - 1) {
                stop -= 2;
            }
            lead = stop;
        }
    }
    lead
}

/// Apposition (step 2 of [`attach`]): "Ana Ferreira, head of research at
/// X," / "X – director at Y" / "X (CEO of Y)".
fn apposition(cx: &Ctx, (_, pe, pi): Mention, found: &mut Vec<Found>) {
    let (tokens, n) = (cx.tokens, cx.tokens.len());
    let mut k = pe;
    if cx.punct(k, ',') && k + 2 < n && tokens[k + 1].kind == TokenKind::Number && cx.punct(k + 2, ',') {
        k += 2; // "Smith, 45, a lawyer"
    }
    let open = if cx.punct(k, ',') || cx.dash(k) {
        Some(false)
    } else if cx.punct(k, '(') {
        Some(true)
    } else {
        None
    };
    let Some(paren) = open else { return };
    if let Some(mut ph) = cx.phrase(k + 1) {
        // The organization set off by a second comma: "X, president, Acme Corp.".
        if !paren && ph.org.is_none() && cx.punct(ph.end, ',') {
            ph.org = cx.entity_at(ph.end + 1, |t| *t == EntityType::Organization).map(|(_, e)| Org::Entity(e));
        }
        // A trailing phrase the title governs: "a spokesman for the ministry,".
        let mut end = ph.end;
        if cx.word_in(end, &["of", "for", "at", "with", "to", "in", "on"]) {
            let mut j = end + 1;
            while j < n
                && j < end + 8
                && (tokens[j].is_word() && !cx.word_in(j, &["who", "which", "that"])
                    // "self-styled"
                    || cx.punct(j, '-') && cx.glued(j) && cx.glued(j + 1))
            {
                j += 1;
            }
            end = j;
        }
        // An acronym in brackets after the organization: "head of the National Audit Office (NAO),".
        if !paren && cx.punct(end, '(') && cx.tokens.get(end + 1).is_some_and(|t| t.is(UPPER)) && cx.punct(end + 2, ')')
        {
            end += 3;
        }
        // The closing comma is often left out before the verb of saying:
        // "X, the UK envoy for Syria said".
        let ok = if paren {
            cx.punct(end, ')')
        } else {
            cx.closes(end) && !cx.punct(end, '(') || cx.word_in(end, &["said", "says", "told", "added"])
        };
        if ok {
            found.push(phrase_role(cx, pi, &ph, Rule::RoleAfterName));
        }
    } else if !paren {
        // "X, expert from the European Institute of Y,": an occupation
        // with the institution it is practised at.
        if let Some((span, title, org, end)) = cx.expert(k + 1) {
            let mut end = end;
            if cx.punct(end, '(') && cx.tokens.get(end + 1).is_some_and(|t| t.is(UPPER)) && cx.punct(end + 2, ')') {
                end += 3;
            }
            if cx.closes(end) && !cx.punct(end, '(') {
                found.push(Found { person: pi, span, title, org: Some(Org::Entity(org)), rule: Rule::RoleExpert });
            }
        }
    }
}

/// Predicate (step 3 of [`attach`]): "X is the chairman of Y", "X, who
/// was appointed CEO of Y".
fn predicate_role(cx: &Ctx, (ps, pe, pi): Mention, found: &mut Vec<Found>) {
    let mut k = pe;
    if cx.punct(k, ',') && cx.is(k + 1, "who") {
        k += 2;
    } else if cx.punct(k, ',') && ps > 0 && cx.punct(ps - 1, ',') {
        k += 1; // "Her predecessor, Kofi Boateng, is the chairman of ..."
    }
    if let Some(v) = predicate(cx, k) {
        if let Some(ph) = cx.phrase(v) {
            let after = ph.end;
            let ok = cx.closes(after) || cx.word_in(after, FOLLOW) && cx.possessive(after).is_none();
            if ok && !cx.word_in(ph.start, &["his", "her", "their"]) {
                found.push(phrase_role(cx, pi, &ph, Rule::RolePredicate));
            }
        }
    }
}

/// Head of (step 4 of [`attach`]): "X, who heads Y", "X, a Swiss
/// diplomat who heads Y".
fn who_heads(cx: &Ctx, (_, pe, pi): Mention, found: &mut Vec<Found>) {
    let (tokens, n) = (cx.tokens, cx.tokens.len());
    let who = (pe + 1..(pe + 6).min(n))
        .take_while(|&j| j == pe + 1 || tokens[j].is_word())
        .find(|&j| cx.is(j, "who"))
        .filter(|&j| j == pe + 1 || cx.word_in(pe + 1, &["a", "an", "the"]));
    let Some(who) = who.filter(|_| cx.punct(pe, ',')) else { return };
    let mut v = who + 1;
    while cx.word_in(v, ADVERBS) {
        v += 1;
    }
    let verb = if cx.is(v, "co") && cx.punct(v + 1, '-') && cx.is(v + 2, "founded") {
        v += 2;
        Some("co-founder")
    } else {
        HEAD_VERBS.iter().find(|(w, _)| cx.is(v, w)).map(|&(_, t)| t)
    };
    if let Some(title) = verb {
        let mut o = v + 1;
        if cx.is(o, "the") {
            o += 1;
        }
        if let Some((_, e)) = cx.entity_at(o, |t| *t == EntityType::Organization) {
            let span = Span::new(tokens[v].start(), tokens[v].end());
            found.push(Found {
                person: pi,
                span,
                title: title.to_owned(),
                org: Some(Org::Entity(e)),
                rule: Rule::RoleHeads,
            });
        }
    }
}

/// Object of an appointment (step 6 of [`attach`]): "elected Sarah Mensah
/// as its new leader", "named X its CEO"; "its" is the organization that
/// appoints ("Acme named X as its chief executive").
fn appointed(cx: &Ctx, (ps, pe, pi): Mention, found: &mut Vec<Found>) {
    if ps > 0 && cx.word_in(ps - 1, APPOINT) {
        let k = if cx.is(pe, "as") { pe + 1 } else { pe };
        if k > pe || cx.word_in(k, &["its", "their"]) {
            if let Some(mut ph) = cx.phrase(k) {
                let after = ph.end;
                if cx.closes(after) || cx.word_in(after, FOLLOW) && cx.possessive(after).is_none() {
                    let own = cx.word_in(ph.start, &["its", "their"]);
                    if ph.org.is_none() && own {
                        ph.org = cx.subject_org(ps - 1).map(Org::Entity);
                    }
                    found.push(phrase_role(cx, pi, &ph, Rule::RoleAppointed));
                }
            }
        }
    }
}

/// Reverse apposition (step 5 of [`attach`]): "the company's chief executive, Tim Cook, said"
/// (`lead`: where the name and its bare ranks begin, see [`premodifiers`]).
fn reverse_apposition(cx: &Ctx, (_, pe, pi): Mention, lead: usize, found: &mut Vec<Found>) {
    let tokens = cx.tokens;
    if !(lead >= 2 && cx.punct(lead - 1, ',') && (cx.closes(pe) && !cx.punct(pe, '\''))) {
        return;
    }
    let lo = lead.saturating_sub(14);
    // The phrase ends at the comma, its title before it: no start
    // after the last title there.
    let last = cx.last_title_in(lo, lead - 1).map_or(lo, |t| t + 1);
    for a in lo..last {
        if (a + 1..lead).any(|k| tokens[k].is(LINE_START)) {
            continue;
        }
        let Some(mut ph) = cx.phrase(a) else { continue };
        if !ph.det {
            continue;
        }
        // "A spokeswoman for Acme Corp, Jane Doe, said": the title's
        // organization after "for" or "at", up to the comma.
        if ph.end != lead - 1 && ph.org.is_none() && cx.word_in(ph.end, &["for", "at", "with"]) {
            if let Some((_, e)) = cx
                .entity_at(if cx.is(ph.end + 1, "the") { ph.end + 2 } else { ph.end + 1 }, |t| {
                    *t == EntityType::Organization
                })
                .filter(|&(oe, _)| oe == lead - 1)
            {
                ph.org = Some(Org::Entity(e));
                ph.end = lead - 1;
            }
        }
        if ph.end != lead - 1 {
            continue;
        }
        let before_ok = a == 0
            || tokens[a].is(SENT_START)
            || tokens[a - 1].kind == TokenKind::Punct && !cx.punct(a - 1, '\'')
            || cx.word_in(a - 1, &["said", "says", "and", "added", "told", "including", "by", "with"])
            || a >= 2 && cx.is(a - 2, "according") && cx.is(a - 1, "to");
        if before_ok {
            found.push(phrase_role(cx, pi, &ph, Rule::RoleBeforeName));
        }
        break;
    }
}

/// The token after a predicate verb phrase at `k` ("is", "was appointed",
/// "became", "serves as"), if there is one.
fn predicate(cx: &Ctx, k: usize) -> Option<usize> {
    let mut k = k;
    let aux = |k: usize| -> Option<usize> {
        let one = ["is", "was", "became", "becomes", "remains", "remained", "has", "had", "will", "would"];
        if !cx.word_in(k, &one) {
            return None;
        }
        if cx.word_in(k, &["has", "had"]) {
            return cx.is(k + 1, "been").then_some(k + 2);
        }
        if cx.word_in(k, &["will", "would"]) {
            return cx.is(k + 1, "be").then_some(k + 2);
        }
        Some(k + 1)
    };
    let serve = |k: usize| -> Option<usize> {
        (cx.word_in(k, &["serves", "served", "serving", "works", "worked", "took"])
            && (cx.is(k + 1, "as") || cx.is(k + 1, "over") && cx.is(k + 2, "as")))
        .then(|| if cx.is(k + 1, "over") { k + 3 } else { k + 2 })
    };
    if let Some(v) = serve(k) {
        return Some(v);
    }
    // A headline's passive without its auxiliary: "X appointed as chief executive".
    if cx.word_in(k, &["appointed", "named", "elected"]) && cx.is(k + 1, "as") {
        return Some(k + 2);
    }
    k = aux(k)?;
    while cx.word_in(k, ADVERBS) {
        k += 1;
    }
    if let Some(v) = serve(k) {
        return Some(v);
    }
    if cx.word_in(k, &["appointed", "named", "elected", "promoted", "made", "sworn", "reappointed", "re-elected"]) {
        k += 1;
        if cx.is(k, "in") {
            k += 1;
        }
        if cx.word_in(k, &["as", "to"]) {
            k += 1;
        }
    } else if cx.is(k, "set") && cx.is(k + 1, "to") && cx.is(k + 2, "become") {
        k += 3;
    }
    Some(k)
}

fn add_roles(text: &str, gaz: &Gazetteers, entities: &mut Vec<Resolved>, found: Vec<Found>) {
    if found.is_empty() {
        return;
    }
    // The roles made here, by key (roles are made nowhere else), and the
    // entity of each key for countries, listed on first need: a role found
    // again costs a hash probe, not a scan of the entities.
    let mut roles: FastMap<String, usize> = FastMap::default();
    let mut by_key: Option<FastMap<Arc<str>, usize>> = None;
    let mut grown: Vec<usize> = Vec::new();
    for f in found {
        let org = match f.org {
            None => None,
            Some(Org::Entity(e)) => Some(e),
            Some(Org::Country(off)) => country_entity(gaz, entities, &mut by_key, off),
            Some(Org::Service(s, e)) => Some(service_entity(entities, &mut by_key, &text[s..e])),
        };
        let key = format!("role:{}:{}", f.person, f.title);
        if let Some(&i) = roles.get(&key) {
            entities[i].mentions.push(f.span);
            entities[i].rules.insert(f.rule);
            grown.push(i);
            if let Some(l) = entities[i].role.as_mut() {
                if l.organization.is_none() {
                    l.organization = org;
                }
            }
            continue;
        }
        roles.insert(key.clone(), entities.len());
        let key: Arc<str> = key.into();
        if let Some(m) = by_key.as_mut() {
            m.insert(key.clone(), entities.len());
        }
        entities.push(Resolved {
            ty: EntityType::Role,
            name: f.title.as_str().into(),
            key,
            attrs: Arc::new(Attrs { title: Some(f.title.clone()), ..Attrs::default() }),
            mentions: vec![f.span],
            role: Some(RoleLink { title: f.title, person: Some(f.person), organization: org }),
            roles: Vec::new(),
            rules: RuleSet::one(f.rule),
        });
        let ri = entities.len() - 1;
        entities[f.person].roles.push(ri);
    }
    // Mentions in text order, each once.
    grown.sort_unstable();
    grown.dedup();
    for i in grown {
        entities[i].mentions.sort_unstable();
        entities[i].mentions.dedup();
    }
}

/// The organization entity of an armed service named before a rank, by
/// its name (one per name and article, without mentions of its own: the
/// role names it in `organization_name`).
fn service_entity(entities: &mut Vec<Resolved>, by_key: &mut Option<FastMap<Arc<str>, usize>>, name: &str) -> usize {
    let by_key = by_key.get_or_insert_with(|| {
        let mut m = FastMap::default();
        for (i, e) in entities.iter().enumerate() {
            m.entry(e.key.clone()).or_insert(i);
        }
        m
    });
    let key: Arc<str> = format!("org:service:{}", name.to_lowercase()).into();
    if let Some(&i) = by_key.get(&key) {
        return i;
    }
    by_key.insert(key.clone(), entities.len());
    entities.push(Resolved {
        ty: EntityType::Organization,
        name: name.into(),
        key,
        attrs: Arc::new(Attrs::default()),
        mentions: Vec::new(),
        role: None,
        roles: Vec::new(),
        rules: RuleSet::default(),
    });
    entities.len() - 1
}

/// The entity of the country at `off` in the countries table: the one the
/// article mentions, else a new entity without mentions.
fn country_entity(
    gaz: &Gazetteers,
    entities: &mut Vec<Resolved>,
    by_key: &mut Option<FastMap<Arc<str>, usize>>,
    off: usize,
) -> Option<usize> {
    let p = Posting { kind: Kind::Country, alias: false, upper_only: false, offset: off };
    let c = names::gazetteer_candidate(gaz, p, Span::new(0, 0))?;
    let by_key = by_key.get_or_insert_with(|| {
        let mut m = FastMap::default();
        for (i, e) in entities.iter().enumerate() {
            m.entry(e.key.clone()).or_insert(i);
        }
        m
    });
    if let Some(&i) = by_key.get(&**c.key()) {
        return Some(i);
    }
    by_key.insert(c.key().clone(), entities.len());
    entities.push(Resolved {
        name: c.name().clone(),
        key: c.key().clone(),
        ty: c.ty,
        attrs: c.attrs,
        mentions: Vec::new(),
        role: None,
        roles: Vec::new(),
        rules: RuleSet::default(),
    });
    Some(entities.len() - 1)
}

#[cfg(test)]
mod tests {
    use crate::entity::EntityType;
    use crate::pipeline::Extractor;

    #[test]
    fn phrase_word_classes_are_the_lists() {
        use super::{lc_in_bytes, C_DET, C_QUALIFIER, C_SKIP, DETS, PHRASE_WORDS, QUALIFIERS, SKIP};
        let lists = [(DETS, C_DET), (QUALIFIERS, C_QUALIFIER), (SKIP, C_SKIP)];
        let mut words: Vec<String> = lists.iter().flat_map(|(l, _)| l.iter()).map(|w| w.to_string()).collect();
        words.extend(
            ["The", "THEIR", "Former", "ACTING", "Now", "then", "th", "thee", "formerly", "news", "s", "chief"]
                .map(String::from),
        );
        let capitalized: Vec<String> = words.iter().map(|w| w[..1].to_uppercase() + &w[1..]).collect();
        for w in words.iter().chain(&capitalized) {
            let bits = PHRASE_WORDS.of(w);
            for &(list, class) in &lists {
                assert_eq!(bits & class != 0, lc_in_bytes(w.as_bytes(), list), "{w:?}");
            }
        }
    }

    /// `(person, title, organization)` triples found in `text`.
    fn triples(text: &str) -> Vec<(String, String, String)> {
        let ex = Extractor::default();
        let ents = ex.entities(text, None);
        let mut out: Vec<_> = ents
            .iter()
            .filter(|e| e.ty == EntityType::Role)
            .map(|e| {
                let l = e.role.as_ref().unwrap();
                let p = l.person.map(|i| ents[i].name.to_string()).unwrap_or_default();
                let o = l.organization.map(|i| ents[i].name.to_string()).unwrap_or_default();
                (p, l.title.clone(), o)
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn forms() {
        #[rustfmt::skip]
        type Triple<'a> = (&'a str, &'a str, &'a str);
        let rows: &[(&str, &[Triple])] = &[
            // premodifiers
            ("The talks were led by Prime Minister Rishi Sunak on Monday.", &[("Rishi Sunak", "prime minister", "")]),
            ("On Tuesday, French President Emmanuel Macron said the plan would work.", &[("Emmanuel Macron", "president", "France")]),
            ("Yesterday Sen. Maria Cantwell criticised the bill.", &[("Maria Cantwell", "sen.", "")]),
            ("Shares rose after Laura Jensen, Apple's chief executive, said sales grew.", &[("Laura Jensen", "chief executive", "Apple")]),
            ("Ana Ferreira – director at the World Bank – disagreed.", &[("Ana Ferreira", "director", "World Bank")]),
            ("Rising costs worried the board. Its chief executive, Laura Jensen, said nothing.", &[("Laura Jensen", "chief executive", "")]),
            // appositions
            ("\"It is early,\" said Ana Ferreira, head of research at the Institute for Coastal Research, on Monday.",
             &[("Ana Ferreira", "head of research", "Institute for Coastal Research")]),
            ("The deal was signed by John Okafor, a spokesman for the ministry, in Abuja.", &[("John Okafor", "spokesman", "")]),
            ("Maria Lopez, former minister of finance, said the budget was unfair.", &[("Maria Lopez", "former minister of finance", "")]),
            // predicates
            ("Daniel Brooks was appointed chief executive of the International Monetary Fund in 2019.",
             &[("Daniel Brooks", "chief executive", "International Monetary Fund")]),
            ("Peter Wallace is the chairman of the World Health Organization.", &[("Peter Wallace", "chairman", "World Health Organization")]),
            ("Marcus Reed became mayor of Springfield in 2019.", &[("Marcus Reed", "mayor", "Springfield")]),
            ("Sarah Mensah, who heads the World Bank, disagreed.", &[("Sarah Mensah", "head", "World Bank")]),
            ("Her predecessor, Kofi Boateng, is the chairman of the party's finance committee.", &[("Kofi Boateng", "chairman", "")]),
            // negatives
            ("Mr. John Harrow arrived late.", &[]),
            ("Dr. Susan Kline, who studied the samples, was cautious.", &[]),
            ("The former president said nothing about the deal.", &[]),
            ("The prime minister arrived in Berlin on Sunday.", &[]),
            ("Speaking to the president, John Harrow said he was worried.", &[]),
            ("John Harrow is the president's son.", &[]),
            ("Protesters met actor John Harrow on Monday.", &[]),
            ("His father John Harrow was not there.", &[]),
        ];
        let mut bad = Vec::new();
        for (text, want) in rows {
            let got = triples(text);
            let want: Vec<(String, String, String)> =
                want.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
            if got != want {
                bad.push(format!("{text}\n   want {want:?}\n    got {got:?}"));
            }
        }
        assert!(bad.is_empty(), "\n{}", bad.join("\n"));
    }
}
