//! DATE stage: finds calendar date expressions in English news text and
//! normalizes them to TIMEX3 values (`2023-03-14`, `2023-03`, `2023`,
//! `2023-W11`, `2023-Q1`, `2023-SP`, `199`, `PRESENT_REF`, ...), resolving
//! relative expressions against an anchor (the publication date).
//!
//! Design: a scanner (8 bytes at a time, SWAR), or the shared tokens,
//! give the word and number starts; words pass a three-letter filter and a
//! lookup in a (first letter, length) table of trigger words
//! (`gazetteers/rules/date_words.tsv`, `holidays.tsv`, compiled by
//! build.rs). Each trigger is then read by the rules of its kind (digits,
//! months, weekdays, deictic words, units, seasons, holidays), which look
//! at a few neighbouring words and their cues (`date_cues.tsv`,
//! `number_words.tsv`). Every candidate carries its rule
//! ([`crate::rules::Rule`], `date.*` in `gazetteers/rules/rules.tsv`);
//! relative ones are placed in time by the pure `normalize` module.
//! Durations ("two years", "the past three months"), times and sets are
//! recognised to block false dates and are never returned as dates;
//! `--explain` lists them as rejected.

use crate::date::{year_month, Date, MONTHS, MONTH_ABBREVIATIONS as MONTH_ABBR, WEEKDAYS};
use crate::rules::Rule;
use normalize::{iso_week as yw, normalize, DayRule, Parts, Relation, Tense, Unit};

mod length;
mod normalize;
use crate::swar;
use crate::tokenize::{Token, TokenKind, DIGITS, NON_ASCII};
use std::ops::Range;

/// What TIMEX3 calls an expression's `type`: a point or period of the
/// calendar ("March 2024"), a length of time ("three years"), or a time
/// that recurs ("every Monday").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimexType {
    /// A date: the value is a calendar date, month, year, week... (`2024-03-14`).
    #[default]
    Date,
    /// A duration: the value is a length (`P3Y`).
    Duration,
    /// A set: the value is what recurs (`XXXX-WXX-1`, every Monday).
    Set,
    /// A time of a day: the value is the day and the clock time
    /// (`2024-03-16T11:00`, "11 a.m. Saturday").
    Time,
}

/// One date, duration or set expression. `start`/`end` are byte offsets (end exclusive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// TIMEX3 value, `None` when it cannot be resolved (e.g. no anchor).
    pub value: Option<String>,
    /// True when the value rests on a guess (day/month order of a numeric date).
    pub ambiguous: bool,
    /// The rule that proposed it (or, for a span that is no date, rejected it).
    pub rule: Rule,
    /// Date, duration or set.
    pub kind: TimexType,
}

/// Day/month order for numeric dates like `03/04/2023`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateOrder {
    /// Follow unambiguous numeric dates in the same text, else the dateline
    /// style, else day-month.
    #[default]
    Auto,
    /// Day first (`14/03/2023`).
    Dmy,
    /// Month first (`03/14/2023`).
    Mdy,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kw {
    Month(u8, bool), // month, is abbreviation
    Weekday(u8),
    Unit(Unit),
    Rel(Rel),
    Season(u8), // 0 spring 1 summer 2 fall 3 winter
    /// A holiday's first word, with the phrases it starts (longest first).
    Holiday(&'static [HolidayPhrase]),
    /// A decade said in words, with its TIMEX3 value ("the nineties": `199`).
    DecadeWord(&'static str),
    /// "nineteen", the start of a year said in words ("nineteen ninety-six").
    Nineteen,
    /// An adverb of how often ("daily"), with the unit it recurs in.
    Frequency(Unit),
    Digit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rel {
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
    Now,
    Nowadays,
    Currently,
    Current,
    Recently,
    Previously,
    Future,
    Past,
    /// "the long term", "the near term"
    Term,
    /// "will soon", "to soon"
    Soon,
}

/// A holiday written as a name: its first word (the trigger) and the
/// words after it, the rule of its day, and whether it names the week
/// ("Easter week") rather than the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct HolidayPhrase {
    /// The words after the first one, lowercase.
    rest: &'static [&'static str],
    day: DayRule,
    week: bool,
}

include!(concat!(env!("OUT_DIR"), "/date_words.rs"));

/// Month names, their abbreviations and weekdays, in lowercase: the words
/// that are dates, never part of a name (the name rules ask for them).
pub fn calendar_words() -> impl Iterator<Item = &'static str> {
    MONTHS.iter().copied().chain(MONTH_ABBR.iter().map(|&(a, _)| a)).chain(WEEKDAYS.iter().copied())
}

/// True if token `t` may start a date, `trigger` saying whether it is a
/// trigger word ([`trigger_words`], in any case; asked of tokens of ASCII
/// letters only, may be true of other words too): a word or number with
/// a digit or a non-ASCII character, or a trigger word. The tokens
/// [`DateFinder::find_at_tokens`] must be shown.
#[inline]
pub fn may_start(t: &Token, trigger: bool) -> bool {
    t.kind != TokenKind::Punct && (t.flags & (NON_ASCII | DIGITS) != 0 || trigger)
}

/// The words that can start a date ("March", "yesterday", "weeks"...),
/// lowercase (see [`may_start`]).
pub fn trigger_words() -> impl Iterator<Item = &'static str> {
    keywords().into_iter().filter(|k| k.1 != Kw::Digit).map(|(w, _)| w)
}

fn keywords() -> Vec<(&'static str, Kw)> {
    let mut v: Vec<(&'static str, Kw)> = Vec::new();
    for (i, m) in MONTHS.iter().enumerate() {
        v.push((m, Kw::Month(i as u8 + 1, false)));
    }
    for (a, m) in MONTH_ABBR {
        v.push((a, Kw::Month(m, true)));
    }
    for (i, d) in WEEKDAYS.iter().enumerate() {
        v.push((d, Kw::Weekday(i as u8)));
    }
    v.extend(DATE_WORDS.iter().copied());
    for &(w, phrases) in HOLIDAYS {
        v.push((w, Kw::Holiday(phrases)));
    }
    for d in ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] {
        v.push((d, Kw::Digit));
    }
    v
}

/// The year said in words that starts with "nineteen" at `t`: "nineteen
/// ninety-six" is 1996, "nineteen seventy" is 1970; with the end of the
/// words.
fn spelled_year(b: &[u8], t: Tok) -> Option<(i32, usize)> {
    let tens = next_tok(b, t.e)?;
    // tens and units said in words, as in broadcast transcripts
    let k = cardinal_word(b, tens).filter(|&k| k % 10 == 0 && (20..100).contains(&k))? as i32;
    let mut year = 1900 + k;
    let mut end = tens.e;
    if b.get(tens.e) == Some(&b'-') {
        if let Some(unit) = next_tok(b, tens.e + 1).filter(|u| u.s == tens.e + 1) {
            if let Some(u) = cardinal_word(b, unit).filter(|u| (1..10).contains(u) && unit.e - unit.s > 2) {
                year += u as i32;
                end = unit.e;
            }
        }
    }
    Some((year, end))
}

/// Finds date expressions; compile once, share freely (`Send + Sync`).
pub struct DateFinder {
    /// Keywords (lowercase) grouped by first letter and length:
    /// `index[letter][len]` is a range into `words`.
    words: Vec<(&'static [u8], Kw)>,
    index: [[(u16, u16); MAX_KW + 1]; 26],
    /// A bit per key of the first three bytes of a trigger word (low five
    /// bits of each, so case-blind; see `tri_key`). Every trigger has at
    /// least three letters, so common words ("the", "to", "that") never
    /// reach the lookup; a non-letter colliding with a letter only costs a
    /// lookup.
    trigrams: [u64; 512],
    order: DateOrder,
}

/// Key of a word's first three bytes for `DateFinder::trigrams`.
#[inline(always)]
fn tri_key(a: u8, b: u8, c: u8) -> usize {
    ((a as usize & 31) << 10) | ((b as usize & 31) << 5) | (c as usize & 31)
}

/// Longest trigger word.
const MAX_KW: usize = 12;

/// Byte classes for the scanner: 0 other, 1 letter, 2 digit.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c.is_ascii_alphabetic() {
            1
        } else if c.is_ascii_digit() {
            2
        } else {
            0
        };
        i += 1;
    }
    t
};

impl Default for DateFinder {
    fn default() -> Self {
        DateFinder::new()
    }
}

#[derive(Clone, Debug)]
struct Cand {
    start: usize,
    end: usize,
    value: Option<String>,
    emit: bool,
    ambiguous: bool,
    /// For ambiguous numeric dates: (a, b, year) of `a/b/year`, resolved later.
    numeric: Option<(u8, u8, i32)>,
    rule: Rule,
    kind: TimexType,
}

/// A token: byte range of a word (ASCII letters), number (ASCII digits) or
/// one other character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Tok {
    s: usize,
    e: usize,
}

#[inline]
fn is_alpha(c: u8) -> bool {
    c.is_ascii_alphabetic()
}
#[inline]
fn is_alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

/// True if `text` lowercased is `lower` (which has no capital letters).
#[inline(always)]
fn same_lowercase(text: &[u8], lower: &[u8]) -> bool {
    text.len() == lower.len() && text.iter().zip(lower).all(|(&c, &l)| c.to_ascii_lowercase() == l)
}

/// Next token at or after `pos`, skipping spaces and at most one line break.
fn next_tok(b: &[u8], mut pos: usize) -> Option<Tok> {
    let mut nl = 0;
    while pos < b.len() && matches!(b[pos], b' ' | b'\t' | b'\n' | b'\r') {
        if b[pos] == b'\n' {
            nl += 1;
            if nl > 1 {
                return None;
            }
        }
        pos += 1;
    }
    if pos >= b.len() {
        return None;
    }
    let c = b[pos];
    let mut e = pos + 1;
    if is_alpha(c) {
        while e < b.len() && is_alpha(b[e]) {
            e += 1;
        }
    } else if c.is_ascii_digit() {
        while e < b.len() && b[e].is_ascii_digit() {
            e += 1;
        }
    } else if c >= 0x80 {
        while e < b.len() && (b[e] & 0xC0) == 0x80 {
            e += 1;
        }
    }
    Some(Tok { s: pos, e })
}

/// Token ending at or before `pos`, skipping spaces and at most one line break.
fn prev_tok(b: &[u8], mut pos: usize) -> Option<Tok> {
    let mut nl = 0;
    // most often one space between words
    if pos >= 2 && b[pos - 1] == b' ' && is_alnum(b[pos - 2]) {
        pos -= 1;
    }
    while pos > 0 && matches!(b[pos - 1], b' ' | b'\t' | b'\n' | b'\r') {
        if b[pos - 1] == b'\n' {
            nl += 1;
            if nl > 1 {
                return None;
            }
        }
        pos -= 1;
    }
    if pos == 0 {
        return None;
    }
    let c = b[pos - 1];
    let mut s = pos - 1;
    if is_alpha(c) {
        while s > 0 && is_alpha(b[s - 1]) {
            s -= 1;
        }
    } else if c.is_ascii_digit() {
        while s > 0 && b[s - 1].is_ascii_digit() {
            s -= 1;
        }
    } else if c >= 0x80 {
        while s > 0 && (b[s] & 0xC0) == 0x80 {
            s -= 1;
        }
    }
    Some(Tok { s, e: pos })
}

impl Tok {
    /// True if the token is `w`, in any case: `w` is lowercase (or no
    /// letters), so only the text's side is lowercased.
    #[inline]
    fn is(self, b: &[u8], w: &str) -> bool {
        same_lowercase(&b[self.s..self.e], w.as_bytes())
    }
    #[inline]
    fn any(self, b: &[u8], ws: &[&str]) -> bool {
        ws.iter().any(|w| self.is(b, w))
    }
    /// True if the word has one of the cue classes `mask` (`cue::*`,
    /// `gazetteers/rules/date_cues.tsv`), in any case.
    #[inline(always)]
    fn cue(self, b: &[u8], mask: u128) -> bool {
        self.cues_in(b, mask) != 0
    }
    /// The cue classes of `mask` the word has, in any case: for a word
    /// asked about several classes. A word of another length or first
    /// letter than those of the classes is turned away before the lookup.
    #[inline(always)]
    fn cues_in(self, b: &[u8], mask: u128) -> u128 {
        let (lens, firsts) = cue_shape(mask);
        let (n, first) = (self.e - self.s, (b[self.s] | 0x20).wrapping_sub(b'a'));
        if n >= 32 || lens >> n & 1 == 0 || first >= 26 || firsts >> first & 1 == 0 {
            return 0;
        }
        let mut buf = [0u8; 20];
        cues_of(lower(b, self, &mut buf)) & mask
    }

    #[inline]
    fn is_byte(self, b: &[u8], c: u8) -> bool {
        self.e == self.s + 1 && b[self.s] == c
    }
    #[inline]
    fn is_num(self, b: &[u8]) -> bool {
        b[self.s].is_ascii_digit()
    }
    #[inline]
    fn is_word(self, b: &[u8]) -> bool {
        is_alpha(b[self.s])
    }
    fn num(self, b: &[u8]) -> Option<u32> {
        if !self.is_num(b) || self.e - self.s > 9 {
            return None;
        }
        let mut v = 0u32;
        for &c in &b[self.s..self.e] {
            v = v * 10 + (c - b'0') as u32;
        }
        Some(v)
    }
    #[inline]
    fn capitalized(self, b: &[u8]) -> bool {
        b[self.s].is_ascii_uppercase()
    }
    /// Directly adjacent to the previous token (no space between)?
    #[inline]
    fn touches(self, other_end: usize) -> bool {
        self.s == other_end
    }
}

fn month_of_word(b: &[u8], t: Tok) -> Option<(u8, bool)> {
    for (i, m) in MONTHS.iter().enumerate() {
        if t.is(b, m) {
            return Some((i as u8 + 1, false));
        }
    }
    for (a, m) in MONTH_ABBR {
        if t.is(b, a) {
            return Some((m, true));
        }
    }
    None
}

fn weekday_of_word(b: &[u8], t: Tok) -> Option<u8> {
    WEEKDAYS.iter().position(|w| t.is(b, w)).map(|p| p as u8)
}

/// A number written in digits or as a word ("two", "a").
fn number_word(b: &[u8], t: Tok) -> Option<u32> {
    t.num(b).or_else(|| cardinal_word(b, t))
}

/// A cardinal number written as a word (`gazetteers/rules/number_words.tsv`).
fn cardinal_word(b: &[u8], t: Tok) -> Option<u32> {
    let mut buf = [0u8; 20];
    number_of(lower(b, t, &mut buf)).filter(|&(_, ordinal)| !ordinal).map(|(n, _)| n)
}

/// A count written in words that ends with the word `p`, read whole, and
/// where it starts: tens and units joined by a hyphen or a space
/// ("twenty-five", "thirty one"), hundreds and thousands with the count
/// before them ("three hundred", "a thousand", "twenty-five hundred"), or
/// one word ("five"). `None` when `p` is no number word.
fn spelled_count(b: &[u8], p: Tok) -> Option<(usize, u32)> {
    if !p.is_word(b) {
        return None;
    }
    cardinal_word(b, p).map(|n| spelled_from(b, p, n))
}

/// [`spelled_count`] of the number word `p`, whose own value is `n`.
fn spelled_from(b: &[u8], p: Tok, n: u32) -> (usize, u32) {
    match n {
        // units, not "a", "an", after a word ending in "y" and a hyphen or a
        // space (the tens, "twenty" .. "ninety": the bytes are read first)
        1..=9 if p.e - p.s > 2 && p.s >= 6 && matches!(b[p.s - 1], b'-' | b' ') && b[p.s - 2] | 0x20 == b'y' => {
            let tens = match prev_tok(b, p.s) {
                Some(h) if h.is_byte(b, b'-') && h.e == p.s => prev_tok(b, h.s).filter(|t| t.e == h.s),
                // not "twenty one-year contracts" (twenty of them)
                t => t.filter(|_| b.get(p.e) != Some(&b'-')),
            };
            let tens = tens
                .and_then(|t| cardinal_word(b, t).filter(|k| k % 10 == 0 && (20..100).contains(k)).map(|k| (t.s, k)));
            tens.map_or((p.s, n), |(s, k)| (s, k + n))
        }
        100 | 1000 => match prev_tok(b, p.s) {
            Some(a) if a.cue(b, cue::ARTICLE) => (a.s, n),
            Some(q) => spelled_count(b, q).filter(|&(_, k)| k < 100).map_or((p.s, n), |(s, k)| (s, k * n)),
            None => (p.s, n),
        },
        _ => (p.s, n),
    }
}

/// An ordinal written as a word ("third").
fn ordinal_word(b: &[u8], t: Tok) -> Option<u8> {
    let mut buf = [0u8; 20];
    number_of(lower(b, t, &mut buf)).filter(|&(_, ordinal)| ordinal).map(|(n, _)| n as u8)
}

fn ymd(d: Date) -> String {
    d.iso()
}
fn ym(y: i32, m: u8) -> String {
    year_month(y, m)
}
fn yy(y: i32) -> String {
    format!("{:04}", y)
}

/// Words that mark a nearby future reference ("will meet Friday").
fn future_cue(b: &[u8], pos: usize) -> bool {
    tense_cue(b, pos, false) > 0
}

/// Tense of the clause before `pos`: +1 future ("will", "expected", "by"),
/// -1 past ("was", "had", "-ed" verbs), 0 unknown. The nearest cue wins.
fn tense_cue(b: &[u8], pos: usize, deadline_preps: bool) -> i8 {
    tense_cue_within(b, pos, deadline_preps, TENSE_REACH, false)
}

/// How many tokens back [`tense_cue`] looks for the verb of a date's clause.
const TENSE_REACH: usize = 8;

/// How many tokens back a month named without a day or year looks for its
/// verb: such a month ends a longer phrase ("will be named commander of
/// the crew for a mission in December", "changed from a fiscal year to a
/// calendar year in December"), and its year rests on that verb alone.
const BARE_MONTH_TENSE_REACH: usize = 14;

/// [`tense_cue`], looking at most `reach` tokens back; with `infinitives`,
/// a past verb before an infinitive says nothing (only a month without a
/// day reads the difference between a past and an unknown tense).
fn tense_cue_within(b: &[u8], pos: usize, deadline_preps: bool, reach: usize, infinitives: bool) -> i8 {
    let mut p = pos;
    let mut buf = [0u8; 20];
    if deadline_preps && prev_tok(b, p).is_some_and(|t| t.cue(b, cue::DEADLINE)) {
        return 1;
    }
    // an infinitive ("decided to admit them in March") puts its event after
    // the verb before it: a past verb then says nothing of the date
    let mut infinitive = false;
    let past = |infinitive: bool| if infinitive { 0 } else { -1 };
    for _ in 0..reach {
        let t = match prev_tok(b, p) {
            Some(t) => t,
            None => return 0,
        };
        if infinitives
            && t.e - t.s == 2
            && b[t.s] | 0x20 == b't'
            && b[t.s + 1] | 0x20 == b'o'
            && next_tok(b, t.e).is_some_and(|v| {
                v.is_word(b) && !v.capitalized(b) && !v.cue(b, cue::DETERMINER) && cardinal_word(b, v).is_none()
            })
        {
            infinitive = true;
        }
        p = t.s;
        if !t.is_word(b) {
            // a sentence ends the clause; the period of an initial ("Ruth P. Hale") does not
            if t.is_byte(b, b'.') && !abbreviation_period(b, t) || t.is_byte(b, b';') || t.is_byte(b, b'"') {
                return 0;
            }
            continue;
        }
        let w = lower(b, t, &mut buf);
        let c = cues_of(w);
        // "plans to", not "announced the plan"
        let noun = c & cue::FRONTED_PLAN != 0 && prev_tok(b, t.s).is_some_and(|q| q.cue(b, cue::DETERMINER));
        if c & cue::FUTURE != 0 && !noun {
            // "had been due to run out on Friday", "had planned to": a plan the story has left behind
            let had = |q: &Tok| q.is(b, "had") || q.is(b, "been") && prev_tok(b, q.s).is_some_and(|h| h.is(b, "had"));
            return if prev_tok(b, t.s).is_some_and(|q| had(&q)) { -1 } else { 1 };
        }
        // "as early as Tuesday", "as soon as Friday"
        if w == b"as" && prev_tok(b, t.s).is_some_and(|q| q.cue(b, cue::AS_SOON)) {
            return 1;
        }
        // "who host their rivals on Sunday", not "agreed to meet", "did not meet",
        // "the start of", a tournament "Open"
        if c & cue::SCHEDULE != 0
            && !t.capitalized(b)
            && !prev_tok(b, t.s).is_some_and(|q| q.cue(b, cue::NOT_SCHEDULE | cue::DETERMINER))
        {
            return 1;
        }
        // a reporting verb: the tense of the event is unknown
        if c & cue::REPORT != 0 {
            return 0;
        }
        if c & cue::PAST != 0 || c & cue::PAST_VERB != 0 && deadline_preps {
            return past(infinitive);
        }
        // "will be held", "should be completed": a passive after "be" takes
        // its tense from the words before it, and "to be published" points ahead
        if past_participle(b, t) || c & cue::FRONTED_PAST != 0 && c & cue::REPORT == 0 {
            let q = prev_tok(b, t.s);
            if participle_adjective(b, q) {
                continue;
            }
            match q.filter(|q| q.is(b, "be")) {
                None => return past(infinitive),
                Some(be) if prev_tok(b, be.s).is_some_and(|q| q.is(b, "to")) => return 1,
                Some(_) => {}
            }
        }
    }
    0
}

/// True if the period `dot` ends an initial ("P." in "Ruth P. Hale",
/// "U.S.", "p.m.") or an abbreviation ("vs.", "Inc.", "Ala."): no sentence
/// ends there.
fn abbreviation_period(b: &[u8], dot: Tok) -> bool {
    prev_tok(b, dot.s).is_some_and(|q| {
        // an initial, or a letter of "p.m." or "U.S." (a letter right after
        // the period, or a period before the letter)
        let letter = q.e - q.s == 1
            && (b[q.s].is_ascii_uppercase()
                || b.get(dot.e).is_some_and(u8::is_ascii_alphabetic)
                || q.s > 0 && b[q.s - 1] == b'.');
        q.e == dot.s && (letter || q.cue(b, cue::ABBREVIATION))
    })
}

/// True for a lowercase word of more than four letters ending in "-ed"
/// that is no other word ("indeed"): a past verb. Capitalised words
/// ("United") are names.
fn past_participle(b: &[u8], t: Tok) -> bool {
    let w = &b[t.s..t.e];
    w.len() > 4 && !t.capitalized(b) && w[w.len() - 2..].eq_ignore_ascii_case(b"ed") && !t.cue(b, cue::NOT_PAST)
}

/// The TIMEX3 code of the part of the day word `n` names ("night":
/// `TNI`), and whether it is plural ("nights").
fn part_of_day(b: &[u8], n: Tok) -> Option<(&'static str, bool)> {
    let (len, first) = (n.e - n.s, (b[n.s] | 0x20).wrapping_sub(b'a'));
    let (lens, firsts) = PART_OF_DAY_SHAPE;
    if len >= 32 || lens >> len & 1 == 0 || first >= 26 || firsts >> first & 1 == 0 {
        return None;
    }
    let mut buf = [0u8; 20];
    let w = lower(b, n, &mut buf);
    let (stem, plural) = match w.strip_suffix(b"s") {
        Some(stem) => (stem, true),
        None => (w, false),
    };
    Some((part_of_day_of(stem)?, plural))
}

/// The part of the day after a weekday (`n` is the token after it): its
/// end and its code and number ("Tuesday night", "Tuesday nights"); for
/// the first of two weekdays before a plural one ("Monday and Tuesday
/// nights") the end of the weekday itself (the token before `n`) and the
/// plural's code: both weekdays recur.
fn weekly_part_of_day(b: &[u8], n: Tok) -> Option<(usize, (&'static str, bool))> {
    if let Some(p) = part_of_day(b, n) {
        return Some((n.e, p));
    }
    let c = Some(n).filter(|n| n.cue(b, cue::CONJUNCTION))?;
    let w = next_tok(b, c.e).filter(|w| w.capitalized(b) && weekday_of_word(b, *w).is_some())?;
    match next_tok(b, w.e).and_then(|n| part_of_day(b, n)) {
        Some((v, true)) => Some((prev_tok(b, n.s).map_or(n.s, |t| t.e), (v, true))),
        _ => None,
    }
}

/// True if a participle follows `before`, a determiner, directly or after
/// "still" or an adverb in -ly ("on a still unsettled date", "the
/// expected date", "the newly elected council"): an adjective, no past verb.
/// ("that" is left out: "the shares that traded" is a verb.)
fn participle_adjective(b: &[u8], before: Option<Tok>) -> bool {
    // (the determiners are words of at most five letters)
    let det = |x: &Tok| x.e - x.s <= 5 && x.cue(b, cue::DETERMINER) && !x.is(b, "that");
    before.is_some_and(|q| {
        det(&q)
            || q.e - q.s > 4
                && (b[q.s..q.e].ends_with(b"ly") || q.is(b, "still"))
                && prev_tok(b, q.s).is_some_and(|d| det(&d))
    })
}

/// The word `t` in lowercase (empty when longer than `buf`).
#[inline]
fn lower<'a>(b: &[u8], t: Tok, buf: &'a mut [u8; 20]) -> &'a [u8] {
    let w = &b[t.s..t.e];
    if w.len() > buf.len() {
        return &[];
    }
    // A token is letters, digits or one other character: setting bit 5
    // lowercases the letters and leaves digits and the punctuation of the
    // word lists ("-", ".", "'") as they are; what else it changes matches
    // no entry of those lists.
    for (d, c) in buf.iter_mut().zip(w) {
        *d = c | 0x20;
    }
    &buf[..w.len()]
}

/// The cue classes of `mask` of `w`, a word in lowercase (see
/// [`Tok::cues_in`]).
#[inline(always)]
fn word_cues_in(w: &[u8], mask: u128) -> u128 {
    let (lens, firsts) = cue_shape(mask);
    let n = w.len();
    if n >= 32 || lens >> n & 1 == 0 {
        return 0;
    }
    let first = w[0].wrapping_sub(b'a');
    if first >= 26 || firsts >> first & 1 == 0 {
        return 0;
    }
    cues_of(w) & mask
}

/// How many tokens after a fronted date [`fronted_tense`] looks for the
/// main verb: the date may be followed by a long phrase of its own ("In
/// January, a week after the tenth anniversary of the court's ruling on
/// the dam, a flood in Dothan, Ala., killed ...").
const FRONTED_REACH: usize = 32;

/// Tense of the main clause after a date fronted at the start of a sentence
/// ("On Tuesday, the league plans to ...", "Until Thursday, they had not
/// ...", "In January, a bomb killed ..."): +1 future, -1 past, 0 when the
/// date is not fronted or the clause shows no tense.
fn fronted_tense(b: &[u8], start: usize, end: usize) -> i8 {
    let mut s = start;
    if let Some(p) = prev_tok(b, s) {
        if p.cue(b, cue::FRONTING) {
            s = p.s;
        }
    }
    // without a preposition, a comma sets a date off ("Tuesday, the board
    // voted"); a month before a noun names something else ("September
    // heating oil stood ...": a contract)
    if s == start && !next_tok(b, end).is_some_and(|c| c.is_byte(b, b',')) {
        return 0;
    }
    let at_sentence_start = match prev_tok(b, s) {
        None => true,
        Some(p) => {
            p.any(b, &[".", "!", "?", "_"]) && (p.e == s || b[p.e] == b' ' || b[p.e] == b'\n')
                || b[p.e..s].contains(&b'\n')
        }
    };
    if !at_sentence_start {
        return 0;
    }
    let mut p = end;
    for _ in 0..FRONTED_REACH {
        let t = match next_tok(b, p) {
            Some(t) => t,
            None => return 0,
        };
        p = t.e;
        if t.any(b, &[";", "!", "?"])
            || t.is_byte(b, b'.') && !(t.e < b.len() && b[t.e] == b',') && !abbreviation_period(b, t)
        {
            return 0;
        }
        if !t.is_word(b) {
            continue;
        }
        let mut buf = [0u8; 20];
        let c = cues_of(lower(b, t, &mut buf));
        if c & cue::FRONTED_FUTURE != 0 {
            return 1;
        }
        if c & cue::FRONTED_PLAN != 0 && next_tok(b, t.e).is_some_and(|n| n.is(b, "to")) {
            return 1;
        }
        if c & cue::FRONTED_PAST != 0 || past_participle(b, t) {
            return -1;
        }
    }
    0
}

/// If a clock time stands right before `start` ("9 p.m. Sunday", "noon
/// Friday", "4 p.m. EST, Oct. 2", "mid-morning Monday"), the start of
/// that time: the whole phrase is a TIME, not a DATE.
fn time_prefix(b: &[u8], start: usize) -> Option<usize> {
    let mut p = prev_tok(b, start)?;
    let comma = p.is_byte(b, b',');
    if comma {
        p = prev_tok(b, p.s)?;
    }
    if p.cue(b, cue::TIME_ZONE) {
        p = prev_tok(b, p.s)?;
    }
    // a 24-hour clock, as wire and international copy write it ("16:00 UTC
    // today"); after a comma the date is one of its own ("at 16:15 UTC, June 1")
    if p.is_num(b) {
        return if comma { None } else { clock_hh_mm_ending(b, p) };
    }
    // one lowercase copy of the word, matched once: this runs before every
    // day a rule finds
    let c = p.cues_in(b, cue::CLOCK_WORD | cue::MID_PART);
    if c & cue::CLOCK_WORD != 0 {
        return Some(p.s);
    }
    if c & cue::MID_PART != 0 {
        if p.s < 4 || b[p.s - 1] != b'-' {
            return None;
        }
        let m = prev_tok(b, p.s - 1)?;
        return (m.is(b, "mid") && m.e == p.s - 1).then_some(m.s);
    }
    // "a.m." / "p.m." / "am" / "pm", optionally after a number like 10 or 10:30
    let q = if p.is_byte(b, b'.') { prev_tok(b, p.s)? } else { p };
    let mut buf = [0u8; 20];
    let ampm_end = match lower(b, q, &mut buf) {
        w if word_cues_in(w, cue::MERIDIEM) != 0 => q.s,
        b"m" => {
            let dot = prev_tok(b, q.s).filter(|d| d.is_byte(b, b'.'))?;
            let ap = prev_tok(b, dot.s)?;
            if !(ap.e == ap.s + 1 && matches!(b[ap.s] | 0x20, b'a' | b'p')) {
                return None;
            }
            ap.s
        }
        _ => return None,
    };
    let mut s = ampm_end;
    if let Some(n) = prev_tok(b, ampm_end) {
        if n.is_num(b) {
            s = n.s;
            if let Some(c) = prev_tok(b, n.s) {
                if c.is_byte(b, b':') {
                    if let Some(h) = prev_tok(b, c.s) {
                        if h.is_num(b) {
                            s = h.s;
                        }
                    }
                }
            }
        }
    }
    Some(s)
}

/// True if the clock time starting at `ts` before weekday `t` is part of
/// opening hours, which recur: it ends a range of times ("4 p.m. to 10
/// p.m. Monday", "10 a.m.-4 p.m. Monday"), or a range of weekdays follows
/// ("Monday through Friday", "Monday-Saturday").
fn opening_hours(b: &[u8], ts: usize, t: Tok) -> bool {
    let range = |w: Tok| w.any(b, &["to", "through", "thru", "until", "till"]) || w.is_byte(b, b'-');
    prev_tok(b, ts).is_some_and(range)
        || next_tok(b, t.e)
            .filter(|&w| range(w))
            .and_then(|w| next_tok(b, w.e))
            .is_some_and(|d| weekday_of_word(b, d).is_some())
}

/// The clock time written in `b[s..e]` ("11 a.m. ", "10:30 p.m.", "16:00
/// GMT ", "noon "), as TIMEX3 writes it (`11:00`, `22:30`, `16:00`,
/// `12:00`); `None` for a part of the day or "midnight" (which day's?).
fn clock_value(b: &[u8], s: usize, e: usize) -> Option<String> {
    let text = std::str::from_utf8(&b[s..e]).ok()?.trim_end_matches([' ', ',']).to_ascii_lowercase();
    if matches!(text.as_str(), "noon" | "midday") {
        return Some("12:00".into());
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let mut h: u32 = text.get(..digits)?.parse().ok()?;
    let mut rest = &text[digits..];
    let mut m = 0;
    let minutes = rest.strip_prefix(':').filter(|r| r.len() >= 2 && r.as_bytes()[..2].iter().all(u8::is_ascii_digit));
    if let Some(r) = minutes {
        m = r[..2].parse().ok()?;
        rest = &r[2..];
    }
    let rest = rest.trim_start();
    match rest.as_bytes().first() {
        Some(b'a') if (1..=12).contains(&h) => h %= 12,
        Some(b'p') if (1..=12).contains(&h) => h = h % 12 + 12,
        // a 24-hour clock and its zone ("16:00 GMT")
        _ if minutes.is_some() && h < 24 => {}
        _ => return None,
    }
    (m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// True if "today" (`t`) is a possessive that means the present age in
/// general, not the day (no date: annotated news leaves it out): before a
/// noun of an era ("today's youth", "in today's dollars", `cue::ERA`) or a
/// name that ends the phrase ("today's Russia.").
fn todays_is_the_present(b: &[u8], t: Tok) -> bool {
    let Some(q) = next_tok(b, t.e).filter(|q| q.touches(t.e)) else { return false };
    let apostrophe = q.is_byte(b, b'\'') || b[q.s..q.e] == *"\u{2019}".as_bytes();
    let Some(s) = next_tok(b, q.e).filter(|s| apostrophe && s.touches(q.e) && s.is(b, "s")) else { return false };
    let Some(head) = next_tok(b, s.e).filter(|h| h.is_word(b)) else { return false };
    if head.cue(b, cue::ERA) {
        return true;
    }
    head.capitalized(b)
        && month_of_word(b, head).is_none()
        && weekday_of_word(b, head).is_none()
        && next_tok(b, head.e).is_none_or(|n| n.any(b, &[".", ",", ";", "!", "?"]))
}

/// If `m` is the minutes of a clock time `H:MM` (hour 0-24, minutes 00-59),
/// the start of its hour.
fn clock_hh_mm_ending(b: &[u8], m: Tok) -> Option<usize> {
    if m.e - m.s != 2 || m.num(b)? > 59 {
        return None;
    }
    let colon = prev_tok(b, m.s).filter(|c| c.is_byte(b, b':') && c.e == m.s)?;
    let h = prev_tok(b, colon.s).filter(|h| h.e == colon.s && h.e - h.s <= 2)?;
    (h.num(b)? <= 24).then_some(h.s)
}

impl DateFinder {
    /// A finder with the default (inferred) day/month order.
    pub fn new() -> DateFinder {
        let mut kws: Vec<(&'static [u8], Kw)> =
            keywords().into_iter().filter(|k| k.1 != Kw::Digit).map(|(w, k)| (w.as_bytes(), k)).collect();
        kws.sort_by_key(|(w, _)| (w[0], w.len()));
        let mut index = [[(0u16, 0u16); MAX_KW + 1]; 26];
        let mut i = 0;
        while i < kws.len() {
            let (w, _) = kws[i];
            let mut j = i;
            while j < kws.len() && kws[j].0[0] == w[0] && kws[j].0.len() == w.len() {
                j += 1;
            }
            assert!(w.len() <= MAX_KW && w[0].is_ascii_lowercase());
            index[(w[0] - b'a') as usize][w.len()] = (i as u16, j as u16);
            i = j;
        }
        let mut trigrams = [0u64; 512];
        for (w, _) in &kws {
            assert!(w.len() >= 3 && w[..3].iter().all(u8::is_ascii_lowercase));
            let k = tri_key(w[0], w[1], w[2]);
            trigrams[k >> 6] |= 1 << (k & 63);
        }
        DateFinder { words: kws, index, trigrams, order: DateOrder::Auto }
    }

    /// A finder that always uses the given day/month order for numeric dates.
    pub fn with_order(order: DateOrder) -> DateFinder {
        let mut f = DateFinder::new();
        f.order = order;
        f
    }

    /// All date expressions, sorted by start, non-overlapping.
    pub fn find(&self, text: &str, anchor: Option<Date>) -> Vec<DateMention> {
        let b = text.as_bytes();
        let mut cands: Vec<Cand> = Vec::new();
        let mut st = State::default();
        // Hand-written scanner: every maximal letter run is looked up in a
        // (first letter, length) bucket of trigger words; every digit run
        // goes to the number parser. No allocation unless something matches.
        let n = b.len();
        let mut pos = 0; // nothing before this is examined again
        let mut chunk = 0; // SWAR: 8 bytes at a time find word/number starts
        let mut prev_alnum_top = 0u64; // was the last byte of the previous chunk alphanumeric
        let mut prev_digit_top = 0u64;
        let mut starts: u64 = 0;
        let mut starts_base: usize = 0;
        loop {
            if starts == 0 {
                if chunk >= n {
                    break;
                }
                let x = if chunk + 8 <= n {
                    u64::from_le_bytes(b[chunk..chunk + 8].try_into().unwrap())
                } else {
                    let mut buf = [b' '; 8];
                    buf[..n - chunk].copy_from_slice(&b[chunk..]);
                    u64::from_le_bytes(buf)
                };
                let y = x | (swar::LO * 0x20);
                let letter = swar::between(y, b'a' as u64 - 1, b'z' as u64 + 1);
                let digit = swar::between(x, b'0' as u64 - 1, b'9' as u64 + 1);
                let alnum = letter | digit;
                let prev_alnum = (alnum << 8) | prev_alnum_top;
                let prev_digit = (digit << 8) | prev_digit_top;
                // letter after a non-alphanumeric; digit after a non-digit.
                // Word starts are kept only when their first three letters
                // can begin a trigger word (branch-free per word).
                let all_words = letter & !prev_alnum;
                let pass = |bit: u32| -> u64 {
                    // bit 64 (no word) reads a harmless key; masked below
                    self.trigram_bit(b, chunk + (bit / 8) as usize) << (bit & 63)
                };
                // The first two word starts without a data-dependent branch
                // (most 8-byte chunks hold one or two), then any others.
                let w1 = all_words & all_words.wrapping_sub(1);
                let mut words = w1 & w1.wrapping_sub(1);
                let mut keep = pass(all_words.trailing_zeros()) | pass(w1.trailing_zeros());
                while words != 0 {
                    keep |= pass(words.trailing_zeros());
                    words &= words - 1;
                }
                starts = (keep & all_words) | (digit & !prev_digit);
                prev_alnum_top = (alnum >> 56) & 0x80;
                prev_digit_top = (digit >> 56) & 0x80;
                let base = chunk;
                chunk += 8;
                // convert to positions lazily below
                if starts == 0 {
                    continue;
                }
                starts_base = base;
            }
            let bit = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            self.visit(b, starts_base + bit / 8, anchor, &mut pos, &mut cands, &mut st);
        }
        self.resolve_numeric(text, &mut cands, anchor);
        let mut found = select(cands, None);
        open_ends(b, &mut found);
        day_before_after(b, &mut found);
        found
    }

    /// [`DateFinder::find`] over a text already tokenized: the positions a
    /// date may start at are read off the tokens rather than found by a
    /// scan of every byte. Same result.
    pub fn find_in_tokens(&self, text: &str, tokens: &[Token], anchor: Option<Date>) -> Vec<DateMention> {
        let b = text.as_bytes();
        let starts = tokens.iter().enumerate().filter(|(_, t)| may_start(t, self.trigram_bit(b, t.start()) != 0));
        self.find_at_tokens(text, tokens, anchor, starts.map(|(j, _)| j))
    }

    /// [`DateFinder::find_in_tokens`], looking only at the tokens
    /// `starts` lists, in increasing order: they must include every token
    /// for which [`may_start`] holds (other tokens may be listed too).
    /// The names stage lists them from its word classes, already looked up
    /// for every token, so that this stage reads only a tenth of them.
    pub fn find_at_tokens(
        &self,
        text: &str,
        tokens: &[Token],
        anchor: Option<Date>,
        starts: impl IntoIterator<Item = usize>,
    ) -> Vec<DateMention> {
        self.find_at_tokens_explained(text, tokens, anchor, starts, None)
    }

    /// [`DateFinder::find_at_tokens`], putting the spans a rule found to be
    /// no date (durations, sets, clock times) into `rejected`, when given,
    /// for `--explain`.
    pub fn find_at_tokens_explained(
        &self,
        text: &str,
        tokens: &[Token],
        anchor: Option<Date>,
        starts: impl IntoIterator<Item = usize>,
        rejected: Option<&mut Vec<DateMention>>,
    ) -> Vec<DateMention> {
        let b = text.as_bytes();
        let mut cands: Vec<Cand> = Vec::with_capacity(16);
        let mut st = State::default();
        let mut pos = 0;
        // The scan's starts: a letter after a byte that is no ASCII letter
        // or digit, if its first three bytes can begin a trigger word; a
        // digit after a byte that is no digit.
        let tri = |s: usize| self.trigram_bit(b, s) != 0;
        let prev = |s: usize| if s == 0 { b' ' } else { b[s - 1] };
        for j in starts {
            let t = &tokens[j];
            if t.kind == TokenKind::Punct {
                continue;
            }
            let s = t.start();
            if t.flags & (NON_ASCII | DIGITS) == 0 {
                // ASCII letters only, listed as a trigger word: the token's
                // start is the one start, and the token the word `visit`
                // looks up.
                if !is_alnum(prev(s)) {
                    self.visit(b, s, anchor, &mut pos, &mut cands, &mut st);
                }
            } else if t.kind == TokenKind::Number && t.flags & NON_ASCII == 0 {
                if !prev(s).is_ascii_digit() {
                    self.visit(b, s, anchor, &mut pos, &mut cands, &mut st);
                }
            } else {
                // Digits among letters ("Q3"), letters after non-ASCII
                // ones: every byte, as the scan sees it.
                for p in t.start()..t.end() {
                    let (c, q) = (b[p], prev(p));
                    if c.is_ascii_alphabetic() && !is_alnum(q) && tri(p) || c.is_ascii_digit() && !q.is_ascii_digit() {
                        self.visit(b, p, anchor, &mut pos, &mut cands, &mut st);
                    }
                }
            }
        }
        self.resolve_numeric(text, &mut cands, anchor);
        let mut found = select(cands, rejected);
        open_ends(b, &mut found);
        day_before_after(b, &mut found);
        found
    }

    /// 1 if the three bytes at `s` can begin a trigger word, else 0 (key 0
    /// when fewer than three bytes remain).
    #[inline(always)]
    fn trigram_bit(&self, b: &[u8], s: usize) -> u64 {
        let k = if s + 2 < b.len() { tri_key(b[s], b[s + 1], b[s + 2]) } else { 0 };
        (self.trigrams[k >> 6] >> (k & 63)) & 1
    }

    /// Look for a date starting at byte `s` (a start the scan found), if
    /// past `pos`; `pos` moves past what was examined or matched.
    #[inline]
    fn visit(&self, b: &[u8], s: usize, anchor: Option<Date>, pos: &mut usize, cands: &mut Vec<Cand>, st: &mut State) {
        let n = b.len();
        if s < *pos || s >= n {
            return;
        }
        let c = b[s];
        let class = CLASS[c as usize];
        let mut e = s + 1;
        while e < n && CLASS[b[e] as usize] == class {
            e += 1;
        }
        let kw = if class == 1 {
            if s > 0 && b[s - 1].is_ascii_digit() {
                return;
            }
            match self.keyword(&b[s..e]) {
                Some(kw) => kw,
                None => return,
            }
        } else {
            Kw::Digit
        };
        if kw == Kw::Digit {
            // Whole digit run. Quick rejection of plain numbers: only a
            // 4-digit year, a day/month before a separator or a suffix
            // ("3/4", "1990s", "20th"), or a quarter ("Q3") can start a date.
            let de = e;
            let len = de - s;
            let nextc = if de < n { b[de] } else { b' ' };
            let maybe = len == 4
                || len <= 2 && matches!(nextc, b'/' | b'.' | b'-' | b's' | b't' | b'n' | b'r')
                || len == 1 && s > 0 && matches!(b[s - 1] | 0x20, b'q' | b'h');
            if !maybe {
                *pos = de;
                return;
            }
            let word_start = s == 0 || !is_alnum(b[s - 1]) || matches!(b[s - 1], b'Q' | b'q' | b'H' | b'h');
            if word_start {
                let k = cands.len();
                self.digit(b, s, de, anchor, cands, st);
                if cands.len() > k {
                    let end = cands[k..].iter().map(|c| c.end).max().unwrap_or(de);
                    *pos = end.max(de);
                    return;
                }
            }
            *pos = de;
            return;
        }
        let k = cands.len();
        self.word(b, Tok { s, e }, kw, anchor, cands, st);
        *pos = if cands.len() > k { cands[k..].iter().map(|c| c.end).max().unwrap_or(e).max(e) } else { e };
    }

    fn resolve_numeric(&self, text: &str, cands: &mut [Cand], _anchor: Option<Date>) {
        if !cands.iter().any(|c| c.numeric.is_some()) {
            return;
        }
        let order = match self.order {
            DateOrder::Dmy => DateOrder::Dmy,
            DateOrder::Mdy => DateOrder::Mdy,
            DateOrder::Auto => {
                let mut dmy = 0;
                let mut mdy = 0;
                for c in cands.iter() {
                    if let Some((a, bb, _)) = c.numeric {
                        if a > 12 && bb <= 12 {
                            dmy += 1;
                        } else if bb > 12 && a <= 12 {
                            mdy += 1;
                        }
                    }
                }
                if mdy > dmy || (mdy == dmy && dateline_is_us(text)) {
                    DateOrder::Mdy
                } else {
                    DateOrder::Dmy
                }
            }
        };
        for c in cands.iter_mut() {
            if let Some((a, bb, y)) = c.numeric {
                let (d, m, amb) = if a > 12 {
                    (a, bb, false)
                } else if bb > 12 {
                    (bb, a, false)
                } else if a == bb {
                    (a, bb, false)
                } else {
                    // Guessed only when no order was given (`--date-order`).
                    let guessed = self.order == DateOrder::Auto;
                    if order == DateOrder::Mdy {
                        (bb, a, guessed)
                    } else {
                        (a, bb, guessed)
                    }
                };
                match Date::new(y, m, d) {
                    Some(dt) => {
                        c.value = Some(ymd(dt));
                        c.ambiguous = amb;
                    }
                    None => c.emit = false,
                }
            }
        }
    }
}

#[derive(Default)]
struct State {
    /// Last quarter mentioned (year, quarter), for "the quarter", "a year earlier".
    last_quarter: Option<(i32, u8)>,
    last_quarter_pos: usize,
}

/// How far back (bytes) a quarter named earlier is still the one "a year
/// ago" compares with ("profit rose in the third quarter ... from a year
/// ago" is the third quarter of the year before): an earnings report names
/// its quarter in the lead and compares figures with "a year earlier"
/// several paragraphs on, past quotes and reasons that name no date; about
/// ten sentences. Further on, "a year ago" is the year.
const AGO_QUARTER_REACH: usize = 1500;

/// How far back (bytes) a quarter named earlier is still the one "the
/// year-earlier period" or "year-ago quarter" means: that compound names a
/// quarter by itself, so it reaches a little further than "a year ago".
const YEAR_EARLIER_QUARTER_REACH: usize = 800;

impl State {
    /// The last quarter mentioned, if named less than `reach` bytes before
    /// `pos` and still the story's period: a span of months named after it
    /// ("in the first nine months") makes the year the period compared.
    fn quarter_within(&self, b: &[u8], cands: &[Cand], pos: usize, reach: usize) -> Option<(i32, u8)> {
        let since = self.last_quarter_pos;
        let months_since = cands.iter().rev().take_while(|c| c.start > since).any(|c| {
            // (a count of quarters, "the next two quarters", is in months too)
            c.kind == TimexType::Duration
                && c.value.as_deref().is_some_and(|v| v.starts_with('P') && !v.starts_with("PT") && v.ends_with('M'))
                && !b[c.start..c.end].ends_with(b"quarters")
        });
        self.last_quarter.filter(|_| pos.saturating_sub(since) < reach && !months_since)
    }
}

/// A date that rule `rule` proposes.
fn push(cands: &mut Vec<Cand>, rule: Rule, s: usize, e: usize, value: Option<String>) {
    cands.push(Cand {
        start: s,
        end: e,
        value,
        emit: true,
        ambiguous: false,
        numeric: None,
        rule,
        kind: TimexType::Date,
    });
}

/// A duration or set (`kind`) that rule `rule` proposes: it is no date,
/// and blocks the shorter dates inside it ("two years" holds no "year").
fn push_timex(cands: &mut Vec<Cand>, rule: Rule, kind: TimexType, s: usize, e: usize, value: String) {
    cands.push(Cand { start: s, end: e, value: Some(value), emit: true, ambiguous: false, numeric: None, rule, kind });
}

/// A span that rule `rule` says is no date (a clock time): it blocks the
/// shorter dates inside it.
fn block(cands: &mut Vec<Cand>, rule: Rule, s: usize, e: usize) {
    cands.push(Cand {
        start: s,
        end: e,
        value: None,
        emit: false,
        ambiguous: false,
        numeric: None,
        rule,
        kind: TimexType::Date,
    });
}

/// Keep the longest candidates, drop overlaps, drop blockers, sort by start;
/// the blockers that won go to `blocked`, when given.
fn select(mut cands: Vec<Cand>, blocked: Option<&mut Vec<DateMention>>) -> Vec<DateMention> {
    if cands.is_empty() {
        return Vec::new();
    }
    cands.sort_by(|a, b| (b.end - b.start).cmp(&(a.end - a.start)).then(a.start.cmp(&b.start)));
    let mut taken = crate::span::Taken::default();
    let mut kept: Vec<Cand> = cands.into_iter().filter(|c| taken.take(c.start, c.end)).collect();
    kept.sort_by_key(|c| c.start);
    let mention = |c: Cand| DateMention {
        start: c.start,
        end: c.end,
        value: c.value,
        ambiguous: c.ambiguous,
        rule: c.rule,
        kind: c.kind,
    };
    if let Some(blocked) = blocked {
        blocked.extend(kept.iter().filter(|c| !c.emit && c.rule.action() == "reject").cloned().map(mention));
    }
    kept.into_iter().filter(|c| c.emit).map(mention).collect()
}

/// The end of "'s" or "’s" right at `end` ("Valentine's" of "Valentine's Day").
fn possessive_end(b: &[u8], end: usize) -> Option<usize> {
    let q = next_tok(b, end).filter(|q| q.s == end && (q.is_byte(b, b'\'') || &b[q.s..q.e] == "’".as_bytes()))?;
    next_tok(b, q.e).filter(|s| s.s == q.e && s.is(b, "s")).map(|s| s.e)
}

/// The date `k` units of `u` after `a` ("two weeks from now"; before it
/// for a negative `k`: "two weeks ago"), at the unit's granularity;
/// `None` for clock units.
fn counted_ahead(u: Unit, a: Date, k: i32) -> Option<String> {
    Some(match u {
        Unit::Day => ymd(a.add_days(k as i64)),
        Unit::Week | Unit::Weekend => yw(a.add_days(7 * k as i64)),
        Unit::Month => {
            let d = a.add_months(k);
            ym(d.year, d.month)
        }
        Unit::Quarter => {
            let d = a.add_months(3 * k);
            format!("{:04}-Q{}", d.year, d.quarter())
        }
        Unit::Half | Unit::Year => yy(a.year + k),
        Unit::Decade => format!("{:03}", (a.year + 10 * k) / 10),
        Unit::Century => format!("{:02}", (a.year + 100 * k) / 100),
        Unit::Hour | Unit::Minute => return None,
    })
}

/// Rule `date.open-end`: a date or length followed by "or later", "or
/// earlier", "and beyond" or "or so" ("until 2027 or later", "the next three
/// years or so") takes the words in; its value stays. The words must end the
/// phrase: before another word they may begin a clause ("in 1998 and later
/// wrote", "last week or so the minister claims"); "and so" always does.
fn open_ends(b: &[u8], found: &mut [DateMention]) {
    for m in found.iter_mut().filter(|m| m.kind != TimexType::Set) {
        // " or " / " and " right after the date, read off the bytes: most dates have neither
        let rest = &b[m.end.min(b.len())..];
        if rest.len() < 5 || rest[0] != b' ' || !matches!(rest[1] | 0x20, b'o' | b'a') {
            continue;
        }
        let or = rest[..4].eq_ignore_ascii_case(b" or ");
        if !or && !rest[..5].eq_ignore_ascii_case(b" and ") {
            continue;
        }
        let after = m.end + if or { 4 } else { 5 };
        let Some(w) = next_tok(b, after).filter(|w| w.s == after && w.cue(b, cue::OPEN_END)) else {
            continue;
        };
        if w.is(b, "so") && !or || next_tok(b, w.e).is_some_and(|x| x.is_word(b) || x.is_num(b)) {
            continue;
        }
        m.end = w.e;
        m.rule = Rule::DateOpenEnd;
    }
}

/// A day after "the day before" or "the day after" ("the day before last
/// Tuesday's hearing", "the day after Christmas") takes those words in and
/// is the day before or after it (rule date.narrative). Read off the bytes
/// before each day found: most have no "day" before them.
fn day_before_after(b: &[u8], found: &mut [DateMention]) {
    for m in found.iter_mut().filter(|m| m.kind == TimexType::Date) {
        // "before " / "after " right before the date, read off the bytes
        let head = &b[..m.start.min(b.len())];
        if !(head.ends_with(b"ore ") || head.ends_with(b"ter ")) {
            continue;
        }
        let Some(w) = prev_tok(b, m.start).filter(|w| w.any(b, &["before", "after"])) else { continue };
        let Some(the) =
            prev_tok(b, w.s).filter(|x| x.is(b, "day")).and_then(|x| prev_tok(b, x.s)).filter(|t| t.is(b, "the"))
        else {
            continue;
        };
        let Some(d) = m.value.as_deref().filter(|v| v.len() == 10).and_then(Date::parse_iso) else { continue };
        m.start = the.s;
        m.value = Some(ymd(d.add_days(if w.is(b, "before") { -1 } else { 1 })));
        m.rule = Rule::DateNarrative;
    }
}

/// True if "the", a noun and "of" come before `t` and no possessive follows
/// it ("the cars of tomorrow", "the homes of tomorrow", not "the results
/// of tomorrow's vote").
fn the_nouns_of(b: &[u8], t: Tok) -> bool {
    if b.get(t.e) == Some(&b'\'') {
        return false;
    }
    let Some(of) = prev_tok(b, t.s).filter(|o| o.is(b, "of")) else { return false };
    let Some(n) = prev_tok(b, of.s).filter(|n| n.is_word(b) && !n.capitalized(b)) else { return false };
    prev_tok(b, n.s).is_some_and(|d| d.is(b, "the"))
}

/// Does the dateline near the top use month-first style ("March 3, 2021", "03/14/2023")?
fn dateline_is_us(text: &str) -> bool {
    let head = head_of(text);
    let b = head.as_bytes();
    // Month name followed by a day number.
    let mut pos = 0;
    while let Some(t) = next_tok(b, pos) {
        if t.is_word(b) && month_of_word(b, t).is_some() && t.capitalized(b) {
            let mut p = t.e;
            if let Some(d) = next_tok(b, p) {
                if d.is_byte(b, b'.') {
                    p = d.e;
                }
            }
            if let Some(d) = next_tok(b, p) {
                if d.is_num(b) && d.e - d.s <= 2 {
                    return true;
                }
            }
        }
        pos = t.e;
    }
    false
}

/// The top of an article, where a dateline stands: the lines before the
/// first body paragraph (a headline block: a section, a headline, a
/// byline; at most 15 non-empty lines and ~1,000 bytes), and the first
/// ~300 bytes of that paragraph ("LONDON, March 14 (Reuters) - ..."); cut
/// on a char boundary.
fn head_of(text: &str) -> &str {
    const MAX: usize = 1000;
    const LINES: usize = 15;
    const PARAGRAPH_HEAD: usize = 300;
    // A body paragraph: a long line, or a sentence of several words (its
    // end read first: most lines of a headline block end otherwise).
    let is_body = |line: &str| {
        let t = line.trim_end();
        t.len() > 150 || t.ends_with(['.', '"', '\u{201d}']) && t.split_whitespace().nth(7).is_some()
    };
    let mut end = 0;
    let mut lines = 0;
    // The lines as `split_inclusive('\n')` gives them, each end found by
    // the vector search of `memchr`: the first body paragraph is often a
    // long line, of which only the first bytes are kept.
    let bytes = text.as_bytes();
    let mut at = 0;
    let lines_of = std::iter::from_fn(|| {
        let start = at;
        (start < bytes.len()).then(|| {
            at = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
            &text[start..at]
        })
    });
    for line in lines_of {
        if line.trim().is_empty() {
            end += line.len();
            continue;
        }
        if is_body(line) {
            end += line.len().min(PARAGRAPH_HEAD);
            break;
        }
        end += line.len();
        lines += 1;
        if lines == LINES || end >= MAX {
            break;
        }
    }
    let mut end = end.min(MAX);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A publication date stated in a dateline near the top of the article
/// ("LONDON 1996-08-30", "Tuesday 14/03/2023", "March 01, 2008") — looks only
/// at the headline block and the start of the first paragraph (see
/// `head_of`). Returns the date and its byte range.
pub fn find_dateline(text: &str) -> Option<(Date, Range<usize>)> {
    static FINDER: std::sync::OnceLock<DateFinder> = std::sync::OnceLock::new();
    FINDER.get_or_init(DateFinder::new).dateline(text)
}

impl DateFinder {
    /// Like [`find_dateline`], with this finder's day/month order.
    pub fn dateline(&self, text: &str) -> Option<(Date, Range<usize>)> {
        dateline_with(self, text)
    }
}

fn dateline_with(f: &DateFinder, text: &str) -> Option<(Date, Range<usize>)> {
    let head = head_of(text);
    for m in f.find(head, None).into_iter().filter(|m| m.kind == TimexType::Date) {
        if let Some(v) = &m.value {
            if v.len() == 10 {
                if let Some(d) = Date::parse_iso(v) {
                    return Some((d, m.start..m.end));
                }
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Trigger parsers.

impl DateFinder {
    fn digit(&self, b: &[u8], s: usize, e: usize, anchor: Option<Date>, cands: &mut Vec<Cand>, st: &mut State) {
        let len = e - s;
        let n = Tok { s, e }.num(b).unwrap_or(0);
        let prevc = if s > 0 { b[s - 1] } else { b' ' };
        let nextc = if e < b.len() { b[e] } else { b' ' };
        let x = Num { s, e, len, n, prevc, nextc };
        if digit_quarter_code(b, x, anchor, cands, st) {
            return;
        }
        if is_alpha(prevc) {
            return;
        }
        // Money, numbers with separators.
        if prevc == b'$' || prevc == b'#' {
            return;
        }
        if (prevc == b',' || prevc == b'.') && s >= 2 && b[s - 2].is_ascii_digit() {
            return;
        }
        if digit_numeric(b, x, cands) || digit_decade_or_century(b, x, cands) {
            return;
        }
        digit_year(b, x, cands, st);
    }

    fn word(&self, b: &[u8], t: Tok, kw: Kw, anchor: Option<Date>, cands: &mut Vec<Cand>, st: &mut State) {
        match kw {
            Kw::Month(m, abbr) => self.month(b, t, m, abbr, anchor, cands),
            Kw::Weekday(d) => self.weekday(b, t, d, anchor, cands),
            Kw::Rel(r) => self.rel(b, t, r, anchor, cands),
            Kw::Unit(u) => self.unit(b, t, u, anchor, cands, st),
            Kw::Season(sn) => self.season(b, t, sn, anchor, cands),
            Kw::Holiday(phrases) => self.holiday(b, t, phrases, anchor, cands),
            Kw::Nineteen => {
                let Some((year, end)) = spelled_year(b, t) else { return };
                let mut start = t.s;
                let mut value = year.to_string();
                // "January nineteen ninety-seven"
                if let Some(p) = prev_tok(b, t.s) {
                    if let Some((m, _)) = month_of_word(b, p).filter(|_| p.capitalized(b)) {
                        start = p.s;
                        value = ym(year, m);
                    }
                }
                push(cands, Rule::DateSpelledYear, start, end, Some(value));
            }
            Kw::DecadeWord(d) => {
                // "the nineties", "the late eighties"
                if let Some(p) = prev_tok(b, t.s) {
                    if p.cue(b, cue::DECADE_MODIFIER) || p.is(b, "the") {
                        let (start, _) = extend_left_mods(b, t.s, true);
                        push(cands, Rule::DateDecade, start, t.e, Some(d.to_string()));
                    }
                }
            }
            Kw::Frequency(u) => frequency(b, t, u, cands),
            Kw::Digit => {}
        }
    }

    fn month(&self, b: &[u8], t: Tok, m: u8, abbr: bool, anchor: Option<Date>, cands: &mut Vec<Cand>) {
        let cap = t.capitalized(b);
        if !cap {
            return;
        }
        let mut end = t.e;
        let mut p = t.e;
        if abbr && p < b.len() && b[p] == b'.' {
            end = p + 1;
            p += 1;
        }
        let AfterMonth { mut day, year, day2, end: after_end } = after_month(b, t, p, end);
        end = after_end;
        let mut start = t.s;
        let mut range_first = None;
        if day.is_none() {
            if let Some((s, dn, first)) = day_before_month(b, t) {
                start = s;
                day = Some(dn);
                range_first = first;
            }
        }
        if day.is_none() && year.is_none() && self.month_span_part(b, m, start, end, anchor, cands) {
            return;
        }
        // Bare month: need context.
        if day.is_none() && year.is_none() && !bare_month_is_date(b, t, m, abbr, end, cands) {
            return;
        }
        // "at 4 p.m. EST, Oct. 2": a time of that day
        let mut clock = None;
        if day.is_some() {
            start = weekday_before_day(b, start);
            if let Some(ts) = time_prefix(b, start) {
                match clock_value(b, ts, start) {
                    Some(at) => clock = Some((ts, at)),
                    None => {
                        block(cands, Rule::DateClockTime, ts, end);
                        return;
                    }
                }
            }
        }
        // "January this year", "June last year"; "October of next year"
        let mut rel_year: Option<i32> = None;
        if year.is_none() {
            if let Some((r, e)) = relative_year_after(b, end) {
                rel_year = Some(r);
                end = e;
            }
        }
        // Modifiers before: last/this/next/early/late/mid-
        let (shift, s2) = if start == t.s { month_shift(b, t) } else { (None, start) };
        let (s3, _) = extend_left_mods(b, s2, shift.is_none());
        start = s3;
        // "around Nov. 1": TimeML keeps an approximation in the span
        if day.is_some() && start >= 7 && b[start - 7..start].eq_ignore_ascii_case(b"around ") {
            if let Some(ar) = prev_tok(b, start).filter(|p| p.is(b, "around")) {
                start = ar.s;
            }
        }
        let value = match anchor {
            _ if year.is_some() => year,
            Some(a) => {
                Some(rel_year.map_or_else(|| month_year_in_clause(b, m, day, shift, start, end, a), |r| a.year + r))
            }
            None => None,
        };
        let v = value.and_then(|y| match day {
            Some(d) => Date::new(y, m, d).map(ymd),
            None => Some(ym(y, m)),
        });
        if day.is_some() && value.is_some() && v.is_none() {
            return; // "February 30"
        }
        if let Some((ts, at)) = clock {
            match v.filter(|_| range_first.is_none() && day2.is_none()) {
                Some(day) => push_timex(cands, Rule::DateTimeOfDay, TimexType::Time, ts, end, format!("{day}T{at}")),
                None => block(cands, Rule::DateClockTime, ts, end),
            }
            return;
        }
        if let Some((rs, re, rn)) = range_first {
            let rv = value.and_then(|y| Date::new(y, m, rn)).map(ymd);
            push(cands, Rule::DateMonth, rs, re, rv);
            if start < re + 1 {
                start = re + 1;
            }
        }
        if let Some((first_end, s2b, _, n2)) = day2 {
            // "November 21-22 2023", "April 24 and 25": first part to the first day, then the second day.
            let v2 = value.and_then(|y| Date::new(y, m, n2)).map(ymd);
            push(cands, Rule::DateMonth, start, first_end, v);
            push(cands, Rule::DateMonth, s2b, end, v2);
            return;
        }
        // "the week of March 6" is that ISO week
        let mut v = v;
        if let Some((the, week)) = week_of_day(b, start, v.as_deref()) {
            start = the;
            v = Some(week);
        }
        // "the first Tuesday in November", "the last Friday of May": that day
        if day.is_none() {
            if let Some((the, n, wd)) = weekday_of_month(b, start) {
                let rule = DayRule::NthWeekday { n, weekday: wd, month: m };
                // the clause's tense is read from the phrase's start
                let value = match anchor {
                    Some(a) if year.is_none() && rel_year.is_none() => {
                        Some(month_year_in_clause(b, m, day, shift, the, end, a))
                    }
                    _ => value,
                };
                v = value.and_then(|y| rule.in_year(y)).map(ymd);
                push(cands, Rule::DateWeekOfMonth, the, end, v);
                return;
            }
        }
        // "the last week of January", "the first week of May 2025"
        if day.is_none() {
            if let Some((the, nth)) = week_of_month(b, start) {
                let d = |y: i32| match nth {
                    0 => crate::date::days_in_month(y, m) - 3,
                    n => 7 * n - 3,
                };
                v = value.and_then(|y| Date::new(y, m, d(y))).map(yw);
                push(cands, Rule::DateWeekOfMonth, the, end, v);
                return;
            }
        }
        push(cands, Rule::DateMonth, start, end, v);
    }

    /// "the July-September period", "the January-June half": months
    /// spanning a quarter or a half of the year are that quarter or half,
    /// of the year its last month is in (date.quarter). True when pushed.
    fn month_span_part(
        &self,
        b: &[u8],
        m: u8,
        start: usize,
        end: usize,
        anchor: Option<Date>,
        cands: &mut Vec<Cand>,
    ) -> bool {
        if end >= b.len() || b[end] != b'-' {
            return false;
        }
        let Some((m2, t2)) = self.full_month_at(b, end + 1) else { return false };
        let part = match (m, m2) {
            (1 | 4 | 7 | 10, _) if m2 == m + 2 => Some(format!("Q{}", m2 / 3)),
            (1, 6) => Some("H1".to_owned()),
            (7, 12) => Some("H2".to_owned()),
            _ => None,
        };
        let after = after_month(b, t2, t2.e, t2.e);
        let Some(part) = part.filter(|_| after.day.is_none()) else { return false };
        let tense = match fronted_tense(b, start, after.end) {
            0 => Tense::of_cue(tense_cue_within(b, start, true, BARE_MONTH_TENSE_REACH, true)),
            f => Tense::of_cue(f),
        };
        let y = after.year.or_else(|| anchor.map(|a| normalize::month_year(m2, None, a, None, tense)));
        push(cands, Rule::DateQuarter, start, after.end, y.map(|y| format!("{y:04}-{part}")));
        true
    }

    /// The month a capitalised full month name starting at `pos` names
    /// ("September" of "July-September"), and its token.
    fn full_month_at(&self, b: &[u8], pos: usize) -> Option<(u8, Tok)> {
        let t = next_tok(b, pos).filter(|t| t.s == pos && t.capitalized(b))?;
        match self.keyword(&b[t.s..t.e]) {
            Some(Kw::Month(m2, false)) => Some((m2, t)),
            _ => None,
        }
    }

    /// The keyword a word of letters is ("March", "ago"), in any case.
    #[inline]
    fn keyword(&self, w: &[u8]) -> Option<Kw> {
        if w.is_empty() || w.len() > MAX_KW {
            return None;
        }
        let (lo, hi) = self.index[((w[0] | 0x20).wrapping_sub(b'a') as usize).min(25)][w.len()];
        self.words[lo as usize..hi as usize].iter().find(|(k, _)| same_lowercase(w, k)).map(|&(_, kw)| kw)
    }

    fn weekday(&self, b: &[u8], t: Tok, d: u8, anchor: Option<Date>, cands: &mut Vec<Cand>) {
        if !t.capitalized(b) {
            return;
        }
        let prev = prev_tok(b, t.s);
        // "the first Monday of each month" recurs once a month (a set);
        // "the last Monday of May" is read with its month (`month`)
        if let Some((the, _)) = prev.and_then(|ord| nth_weekday_before(b, ord)) {
            let of = next_tok(b, t.e).filter(|o| o.any(b, &["of", "in"]));
            let each = of.and_then(|o| next_tok(b, o.e)).filter(|e| e.cue(b, cue::EACH));
            if let Some(month) = each.and_then(|e| next_tok(b, e.e)).filter(|m| m.is(b, "month")) {
                push_timex(
                    cands,
                    Rule::DateSet,
                    TimexType::Set,
                    the,
                    month.e,
                    normalize::duration(Some("1"), Unit::Month),
                );
                return;
            }
            if of.and_then(|o| next_tok(b, o.e)).is_some_and(|m| m.capitalized(b) && month_of_word(b, m).is_some()) {
                return;
            }
        }
        // "open 7 a.m. to 8 p.m. Tuesday through Sunday": a time too
        let range = prev.and_then(|to| range_start_before(b, to, cands));
        if range == Some(None) {
            block(cands, Rule::DateClockTime, t.s, t.e);
            return;
        }
        // Plural "Mondays" is a set (boundary check already excludes it).
        let mut start = t.s;
        let mut end = t.e;
        let mut dir: i32 = 0; // 0 auto, -1 last, 1 next, 2 this
        if let Some(p) = prev {
            let c = p.cues_in(b, cue::BACK | cue::AHEAD | cue::EACH);
            if c & cue::BACK != 0 {
                dir = -1;
                start = this_before(b, p);
            } else if c & cue::AHEAD != 0 {
                dir = 1;
                start = this_before(b, p);
            } else if p.is(b, "this") {
                dir = 2;
                start = p.s;
            } else if c & cue::EACH != 0 {
                push_timex(cands, Rule::DateSet, TimexType::Set, p.s, t.e, normalize::weekly_on(d));
                return;
            } else if p.cue(b, cue::NARRATIVE_WEEKDAY) {
                // "down from the previous Friday": counted from the story's
                // last day, else from the publication date
                if let Some(the) = prev_tok(b, p.s).filter(|q| q.is(b, "the")) {
                    let relation = if p.is(b, "following") { Relation::Next } else { Relation::Last };
                    let from = last_day(cands).or(anchor);
                    let parts = Parts { weekday: Some(d), relation: Some(relation), ..Parts::default() };
                    push(cands, Rule::DateNarrative, the.s, t.e, normalize(&parts, from, Tense::Unknown));
                    return;
                }
            }
        }
        let (s2, _) = extend_left_mods(b, start, dir == 0);
        start = s2;
        // "at 11 a.m. Saturday": a time of that day (its value below), or,
        // for a clock word no hour can be read from, no date at all
        let clock = time_prefix(b, start);
        let clock_at = clock.filter(|&ts| !opening_hours(b, ts, t)).and_then(|ts| clock_value(b, ts, start));
        if let (Some(ts), None) = (clock, &clock_at) {
            block(cands, Rule::DateClockTime, ts, t.e);
            return;
        }
        // Time of day after ("Tuesday night"); in the plural ("Tuesday
        // nights", "Monday and Tuesday nights") a weekday recurs, a set of
        // that part of the day
        if let Some((e, part)) = next_tok(b, t.e).and_then(|n| weekly_part_of_day(b, n)) {
            if part.1 {
                let value = format!("{}{}", normalize::weekly_on(d), part.0);
                push_timex(cands, Rule::DateSet, TimexType::Set, start, e, value);
                return;
            }
            // "Tuesday night": the part of the day is in the span; the value
            // stays the day's (a date, not a time of day)
            end = e;
        }
        let relation = match dir {
            -1 => Some(Relation::Last),
            1 => Some(Relation::Next),
            2 => Some(Relation::This),
            _ => None,
        };
        // "Wednesday's ruling" names a day already past.
        let possessive = t.e + 1 < b.len() && (b[t.e] == b'\'' && b[t.e + 1] == b's');
        // (The verb governs the clock time and its day: "will be held at
        // 11 a.m. Saturday".)
        let from = clock.unwrap_or(start);
        let tense = match relation.map_or_else(|| fronted_tense(b, from, end), |_| 0) {
            _ if relation.is_some() => Tense::Unknown,
            _ if possessive => Tense::Past,
            0 if future_cue(b, from) => Tense::Future,
            0 => Tense::Unknown,
            f => Tense::of_cue(f),
        };
        let mut value = normalize(&Parts { weekday: Some(d), relation, ..Parts::default() }, anchor, tense);
        // "Tuesday through Friday": the end of a range of weekdays comes
        // after its start; a range before the publication date ("voting
        // ran from Tuesday through Friday") moves its start a week back,
        // one after it its end a week on
        if let Some(Some(i)) = range {
            let v = value.as_deref().and_then(Date::parse_iso);
            let from = cands[i].value.as_deref().and_then(Date::parse_iso);
            if let (Some(v), Some(from), Some(a)) = (v, from, anchor) {
                if v < from && v < a {
                    cands[i].value = Some(ymd(from.add_days(-7)));
                } else if v < from {
                    value = Some(ymd(v.add_days(7)));
                }
            }
        }
        if let (Some(ts), Some(at)) = (clock, clock_at) {
            match value.filter(|v| v.len() == 10) {
                Some(day) => push_timex(cands, Rule::DateTimeOfDay, TimexType::Time, ts, end, format!("{day}T{at}")),
                None => block(cands, Rule::DateClockTime, ts, end),
            }
            return;
        }
        push(cands, Rule::DateWeekday, start, end, value);
    }

    fn rel(&self, b: &[u8], t: Tok, r: Rel, anchor: Option<Date>, cands: &mut Vec<Cand>) {
        let prev = prev_tok(b, t.s);
        match r {
            Rel::Today | Rel::Yesterday | Rel::Tomorrow | Rel::Tonight => rel_deictic(b, t, r, prev, anchor, cands),
            Rel::Now => rel_now(b, t, prev, cands),
            Rel::Nowadays | Rel::Currently => push(cands, Rule::DatePresent, t.s, t.e, Some("PRESENT_REF".into())),
            Rel::Current => rel_current(b, t, cands),
            Rel::Recently => rel_recently(b, t, prev, cands),
            // "previously" is mostly annotated as no TIMEX in news ("previously announced").
            Rel::Previously => {}
            Rel::Term => rel_term(b, t, prev, cands),
            Rel::Future => rel_future(b, t, prev, cands),
            Rel::Soon => rel_soon(b, t, prev, cands),
            Rel::Past => rel_past(b, t, prev, cands),
        }
    }

    fn unit(&self, b: &[u8], t: Tok, u: Unit, anchor: Option<Date>, cands: &mut Vec<Cand>, st: &mut State) {
        let plural = b[t.e - 1] == b's' || b[t.e - 1] == b'S' || t.is(b, "centuries");
        let is_period = t.is(b, "period");
        let prev = prev_tok(b, t.s);
        let next = next_tok(b, t.e);
        // Hyphenated compounds: "third-quarter", "year-earlier", "year-end",
        // "two-year" (duration adjective), "mid-year".
        let hy_before = t.s > 0 && b[t.s - 1] == b'-';
        let hy_after = t.e < b.len() && b[t.e] == b'-';
        let cx = UnitCx { t, u, plural, is_period, prev, next, hy_before, hy_after, anchor };
        if matches!(u, Unit::Hour | Unit::Minute) {
            length::clock(b, cx, cands);
            return;
        }
        // "New Year's Day", "New Year's Eve" (a holiday read from "Year":
        // "new" would make every "new" a word a date may start at)
        if u == Unit::Year && t.capitalized(b) {
            if let Some((new, end, day)) = new_year_holiday(b, cx) {
                push_holiday(b, new, end, day, false, anchor, cands);
                return;
            }
        }
        if let Some((s, e, y)) = the_year_in_words(b, cx) {
            push(cands, Rule::DateSpelledYear, s, e, Some(yy(y)));
            return;
        }
        if self.unit_ago(b, cx, cands, st)
            || u == Unit::Year && !plural && length::year_ended(b, cx, cands)
            || hy_after && length::long_adjective(b, cx, cands)
            || self.unit_year_compound(b, cx, cands, st)
            || unit_duration_adjective(b, cx, cands)
            || self.unit_ordinal(b, cx, cands, st)
        {
            return;
        }
        if plural {
            // "these days" is the present, "in those days" the past
            let days =
                |p: &Tok| t.is(b, "days") && p.any(b, &["these", "those"]) && !next.is_some_and(|n| n.is(b, "of"));
            if let Some(p) = prev.filter(days) {
                let (rule, value) =
                    if p.is(b, "these") { (Rule::DatePresent, "PRESENT_REF") } else { (Rule::DateVague, "PAST_REF") };
                push(cands, rule, p.s, t.e, Some(value.into()));
                return;
            }
            unit_plural(b, cx, cands);
            return;
        }
        if unit_set(b, cx, cands) {
            return;
        }
        // "will one day be", "could one day replace": some time ahead
        if u == Unit::Day {
            if let Some(one) = prev.filter(|p| p.is(b, "one")) {
                if prev_tok(b, one.s).is_some_and(|q| q.cue(b, cue::MODAL))
                    && next_tok(b, t.e).is_some_and(|n| n.is_word(b))
                {
                    push(cands, Rule::DateVague, one.s, t.e, Some("FUTURE_REF".into()));
                    return;
                }
            }
        }
        // "over the past decade": the ten years up to now, a length like
        // "the past ten years", not the calendar decade before; "over the
        // next decade" the ten years to come, as "the next ten years"
        if u == Unit::Decade {
            if let Some(the) =
                prev.filter(|p| p.any(b, &["past", "next"])).and_then(|p| prev_tok(b, p.s)).filter(|q| q.is(b, "the"))
            {
                push_timex(
                    cands,
                    Rule::DateDuration,
                    TimexType::Duration,
                    the.s,
                    t.e,
                    normalize::duration(Some("1"), u),
                );
                return;
            }
        }
        if let Some(det) = unit_determiner(b, cx) {
            if title_case_inside_sentence(b, det.p, t) {
                block(cands, Rule::DateTitle, det.start, t.e);
                return;
            }
            unit_relative(b, cx, det, cands, st);
        } else if !length::number_adjective(b, cx, cands) {
            length::one_unit(b, cx, cands);
        }
    }

    /// "three years ago", "a year earlier"; "two days later" counts from another event.
    fn unit_ago(&self, b: &[u8], cx: UnitCx, cands: &mut Vec<Cand>, st: &mut State) -> bool {
        let UnitCx { t, u, is_period, prev, next, hy_before, anchor, .. } = cx;
        // ---- "N units ago" / "a year earlier"; "a month or so ago" (`date.open-end`)
        let next = match next {
            Some(o) if o.is(b, "or") => {
                next_tok(b, o.e).filter(|s| s.is(b, "so")).and_then(|s| next_tok(b, s.e)).filter(|a| a.is(b, "ago"))
            }
            n => n,
        };
        let rule = if next == cx.next { Rule::DateAgo } else { Rule::DateOpenEnd };
        // "two weeks from now", "a year from today": counted ahead
        let from_now = next.filter(|f| f.is(b, "from")).and_then(|f| next_tok(b, f.e)).filter(|w| w.cue(b, cue::NOW));
        let next = from_now.or(next);
        let sign: i64 = if from_now.is_some() { 1 } else { -1 };
        if let Some(n) = next {
            if (n.cue(b, cue::COUNT_AFTER) || sign > 0) && !hy_before && !is_period {
                // number before
                if let Some(p) = prev {
                    // "three hundred years ago", "twenty-five years ago"
                    let spelled = spelled_count(b, p);
                    let num = p.num(b).or(spelled.map(|(_, n)| n));
                    let vague = p.cue(b, cue::VAGUE_NUMBER);
                    if num.is_some() || vague {
                        let mut start = spelled.map_or(p.s, |(s, _)| s);
                        if let Some(pp) = prev_tok(b, p.s) {
                            if p.is(b, "few") && pp.is(b, "a") {
                                start = pp.s;
                            }
                        }
                        if let Some(pp) = prev_tok(b, start) {
                            if pp.cue(b, cue::APPROXIMATOR) {
                                start = pp.s;
                            } else if pp.is(b, "than") {
                                if let Some(p3) = prev_tok(b, pp.s) {
                                    if p3.any(b, &["more", "less"]) {
                                        start = p3.s;
                                    }
                                }
                            }
                        }
                        let earlier = !(n.cue(b, cue::NOW) || n.is(b, "ago"));
                        if earlier && !(n.is(b, "earlier") && u == Unit::Year && num == Some(1)) {
                            // "two days later": relative to another event; leave out.
                            block(cands, Rule::DateOtherAnchor, start, n.e);
                            return true;
                        }
                        let value = match (anchor, num, vague) {
                            (Some(a), Some(k), false) if sign > 0 => counted_ahead(u, a, k as i32),
                            (Some(_), _, _) if sign > 0 => Some("FUTURE_REF".to_string()),
                            (Some(a), Some(k), false) => match u {
                                Unit::Half => Some(yy(a.year)),
                                Unit::Year => Some(
                                    if earlier
                                        || (k == 1 && st.quarter_within(b, cands, t.s, AGO_QUARTER_REACH).is_some())
                                    {
                                        if let Some((qy, q)) = st.quarter_within(b, cands, t.s, AGO_QUARTER_REACH) {
                                            format!("{:04}-Q{}", qy - 1, q)
                                        } else {
                                            yy(a.year - k as i32)
                                        }
                                    } else {
                                        yy(a.year - k as i32)
                                    },
                                ),
                                // clock units are read by `length::clock` alone
                                Unit::Hour | Unit::Minute => return false,
                                // the other units count back as they count ahead
                                _ => counted_ahead(u, a, -(k as i32)),
                            },
                            (Some(_), _, _) => Some("PAST_REF".to_string()),
                            _ => None,
                        };

                        push(cands, rule, start, n.e, value);
                        return true;
                    }
                }
            }
        }
        false
    }

    /// "year-earlier", "year-ago" (+ quarter or period), "year-end".
    fn unit_year_compound(&self, b: &[u8], cx: UnitCx, cands: &mut Vec<Cand>, st: &mut State) -> bool {
        let UnitCx { t, u, plural, hy_after, anchor, .. } = cx;
        // ---- "by year end", "at year's end": after a preposition of time
        let end_next = |n: Tok| n.is(b, "end") || n.is_byte(b, b'\'') || b[n.s] == 0xE2;
        if u == Unit::Year
            && !hy_after
            && !plural
            && cx.next.is_some_and(end_next)
            && cx.prev.is_some_and(|p| p.cue(b, cue::PERIOD_PREPOSITION))
        {
            let end = match cx.next {
                Some(n) if n.is(b, "end") => Some(n.e),
                // "year's end"
                Some(n) if n.is_byte(b, b'\'') || n.s + 3 <= b.len() && &b[n.s..n.s + 3] == "\u{2019}".as_bytes() => {
                    next_tok(b, n.e)
                        .filter(|s| s.is(b, "s"))
                        .and_then(|s| next_tok(b, s.e))
                        .filter(|e| e.is(b, "end"))
                        .map(|e| e.e)
                }
                _ => None,
            };
            if let Some(end) = end {
                let future = future_cue(b, t.s);
                // "around year end": TimeML keeps an approximation in the span
                let start = cx.prev.filter(|p| p.is(b, "around")).map_or(t.s, |p| p.s);
                push(cands, Rule::DateRelativeUnit, start, end, anchor.map(|a| year_end(a, future)));
                return true;
            }
        }
        // ---- "year-earlier", "year-ago" (+ quarter/period), "year-end"
        if u == Unit::Year && hy_after && !plural {
            if let Some(x) = next_tok(b, t.e + 1) {
                if x.touches(t.e + 1) && x.cue(b, cue::YEAR_COMPOUND) {
                    let mut start = t.s;
                    let mut end = x.e;
                    if let Some(p) = prev_tok(b, t.s) {
                        if p.any(b, &["the", "a"]) {
                            start = p.s;
                        }
                    }
                    if x.is(b, "end") {
                        if let Some(p) = prev_tok(b, t.s) {
                            if p.is(b, "the") {
                                start = t.s;
                            }
                        }
                        let future = future_cue(b, start);
                        push(cands, Rule::DateRelativeUnit, start, end, anchor.map(|a| year_end(a, future)));
                        return true;
                    }
                    let recent_q = st.quarter_within(b, cands, t.s, YEAR_EARLIER_QUARTER_REACH);
                    let mut value = anchor.map(|a| yy(a.year - 1));
                    if let Some(n2) = next_tok(b, x.e) {
                        if n2.cue(b, cue::QUARTER_WORD) {
                            end = n2.e;
                            if let Some((qy, q)) = recent_q {
                                value = Some(format!("{:04}-Q{}", qy - 1, q));
                            } else if let Some(a) = anchor {
                                let d = a.add_months(-3);
                                value = Some(format!("{:04}-Q{}", d.year - 1, d.quarter()));
                            }
                        } else if plural_unit(b, n2).is_some() {
                            // "the year-earlier nine months": duration
                            push_duration(cands, b, start, n2, plural_unit(b, n2));
                            return true;
                        } else if let Some((qy, q)) = recent_q {
                            value = Some(format!("{:04}-Q{}", qy - 1, q));
                            start = t.s;
                        } else {
                            start = t.s;
                        }
                    } else {
                        start = t.s;
                    }
                    if let Some(n2) = next_tok(b, x.e) {
                        if let Some(n3) = next_tok(b, n2.e) {
                            if n2.is_num(b)
                                || number_word(b, n2).is_some()
                                    && matches!(plural_unit(b, n3), Some(Unit::Month | Unit::Week))
                            {
                                match plural_unit(b, n3) {
                                    Some(u) => push_duration(cands, b, start, n3, Some(u)),
                                    None => block(cands, Rule::DateDuration, start, n3.e),
                                }
                                return true;
                            }
                        }
                    }
                    push(cands, Rule::DateAgo, start, end, value);
                    return true;
                }
            }
        }
        false
    }

    /// Quarters and halves with ordinals: "the third quarter", "third-quarter",
    /// "the fiscal first quarter", "this year's third quarter", "the first quarter of 1998".
    fn unit_ordinal(&self, b: &[u8], cx: UnitCx, cands: &mut Vec<Cand>, st: &mut State) -> bool {
        let UnitCx { t, u, plural, is_period, prev, hy_before, anchor, .. } = cx;
        // ---- quarters / halves with ordinals: "the third quarter", "third-quarter",
        // "the fiscal first quarter", "this year's third quarter", "the first quarter of 1998"
        if (u == Unit::Quarter && !is_period || u == Unit::Half) && !plural {
            let ordtok = if hy_before { prev_tok(b, t.s - 1).filter(|p| p.e == t.s - 1) } else { prev };
            if let Some(o) = ordtok {
                let max = if u == Unit::Quarter { 4 } else { 2 };
                // "the last half of 1989", "the final quarter of 2009": the
                // last one of the year named after "of" (without it, "the
                // last quarter" is the one before the present one)
                let last_of_year = || {
                    o.cue(b, cue::FINAL)
                        && prev_tok(b, o.s).is_some_and(|th| th.is(b, "the"))
                        && next_tok(b, t.e).is_some_and(|of| of.is(b, "of"))
                        && year_after_quarter(b, t.e, anchor).is_some()
                };
                let ord = ordinal_word(b, o).or_else(|| last_of_year().then_some(max));
                if let Some(q) = ord.filter(|&q| q <= max) {
                    let mut start = o.s;
                    let mut end = t.e;
                    let mut year: Option<i32> = None;
                    // left: fiscal, the, this year's, last year's, 1998
                    let mut p = prev_tok(b, start);
                    if let Some(x) = p {
                        if x.is(b, "fiscal") {
                            start = x.s;
                            p = prev_tok(b, x.s);
                        }
                    }
                    if let Some(x) = p {
                        if x.is_num(b) && x.e - x.s == 4 {
                            year = x.num(b).map(|y| y as i32);
                            start = x.s;
                            p = prev_tok(b, x.s);
                        } else if x.is(b, "s") {
                            // "this year's"
                            if let Some(ap) = prev_tok(b, x.s) {
                                if ap.is_byte(b, b'\'')
                                    || ap.s + 2 <= b.len() && &b[ap.s..(ap.s + 3).min(b.len())] == "\u{2019}".as_bytes()
                                {
                                    if let Some(yr) = prev_tok(b, ap.s) {
                                        if yr.is(b, "year") {
                                            if let Some(rl) = prev_tok(b, yr.s) {
                                                let r = if rl.is(b, "this") {
                                                    Some(0)
                                                } else if rl.is(b, "last") {
                                                    Some(-1)
                                                } else if rl.is(b, "next") {
                                                    Some(1)
                                                } else {
                                                    None
                                                };
                                                if let (Some(r), Some(a)) = (r, anchor) {
                                                    year = Some(a.year + r);
                                                    start = rl.s;
                                                    p = None;
                                                }
                                            }
                                        } else if yr.is_num(b) && yr.e - yr.s == 4 {
                                            year = yr.num(b).map(|y| y as i32);
                                            start = yr.s;
                                            p = prev_tok(b, yr.s);
                                        }
                                    }
                                }
                            }
                        }
                    }
                    let mut shift = 0;
                    // "the year-ago third quarter": that quarter a year before
                    let mut year_before = false;
                    if let Some((s0, q0)) = p.and_then(|x| year_ago_compound_before(b, x)) {
                        year_before = true;
                        start = s0;
                        p = q0;
                    }
                    if let Some(x) = p {
                        // "the third quarter" (noun) includes "the"; the
                        // adjective "the third-quarter loss" does not, nor
                        // "that" before it, a conjunction more often than
                        // not ("reported that third-quarter profit rose");
                        // "a", "its" stay out
                        if x.cue(b, cue::DEICTIC) || (x.any(b, &["the", "that"]) && !hy_before) {
                            start = x.s;
                        }
                        if x.is(b, "last") {
                            shift = -1;
                        } else if x.is(b, "next") {
                            shift = 1;
                        }
                    }
                    // right: "of 1998", ", 1998", " 1998", "of this year", "of next year"
                    if let Some((y, e)) = year_after_quarter(b, t.e, anchor) {
                        year = Some(y);
                        end = e;
                    } else if let Some(e) = year_before_after(b, end) {
                        // "the third quarter a year earlier"
                        year_before = true;
                        end = e;
                    }
                    // plural-ish: "the third and fourth quarters" rare; skip.
                    let y = match year {
                        Some(y) => Some(y),
                        None => anchor.map(|a| unnamed_quarter_year(b, u, q, a, start, shift)),
                    };
                    let value = y.map(|y| if year_before { y - 1 } else { y }).map(|y| {
                        if u == Unit::Quarter {
                            format!("{:04}-Q{}", y, q)
                        } else {
                            format!("{:04}-H{}", y, q)
                        }
                    });
                    // "after a weak third quarter", "a strong first quarter": a
                    // quarter an indefinite article describes in passing is
                    // not the one the report is about
                    // (the adjective "a third-quarter loss" is the report's own)
                    let in_passing = !hy_before
                        && p.is_some_and(|x| {
                            x.is_word(b)
                                && !x.capitalized(b)
                                && prev_tok(b, x.s).is_some_and(|y| y.cue(b, cue::ARTICLE))
                        });
                    if u == Unit::Quarter && !year_before && !in_passing {
                        if let Some(v) = &value {
                            if let Ok(y) = v[..4].parse::<i32>() {
                                st.last_quarter = Some((y, q));
                                st.last_quarter_pos = t.s;
                            }
                        }
                    }
                    // "the first nine months", "first quarter" followed by "earnings" fine.
                    push(cands, Rule::DateQuarter, start, end, value);
                    return true;
                }
            }
        }
        false
    }

    fn season(&self, b: &[u8], t: Tok, sn: u8, anchor: Option<Date>, cands: &mut Vec<Cand>) {
        let prev = prev_tok(b, t.s);
        let mut start = t.s;
        let mut end = t.e;
        let mut year: Option<i32> = None;
        // "spring 2023", "the winter of 1994", "summer of 2023", "the winter of nineteen ninety-four"
        let next = next_tok(b, t.e);
        if let Some(n) = next {
            let yt = if n.is(b, "of") { next_tok(b, n.e) } else { Some(n) };
            if let Some(y) = yt {
                if y.is_num(b) && y.e - y.s == 4 && !(y.e < b.len() && is_alnum(b[y.e])) {
                    if let Some(yn) = y.num(b) {
                        if (1000..2100).contains(&yn) {
                            year = Some(yn as i32);
                            end = y.e;
                        }
                    }
                } else if n.is(b, "of") && y.is(b, "nineteen") {
                    if let Some((yn, e)) = spelled_year(b, y) {
                        year = Some(yn);
                        end = e;
                    }
                }
            }
        }
        let mut relation = None;
        if let Some(p) = prev {
            let c = p.cues_in(b, cue::BACK | cue::AHEAD | cue::EACH);
            if c & cue::BACK != 0 {
                relation = Some(Relation::Last);
                start = this_before(b, p);
            } else if p.is(b, "this") {
                relation = Some(Relation::This);
                start = p.s;
            } else if c & cue::AHEAD != 0 {
                relation = Some(Relation::Next);
                start = this_before(b, p);
            } else if p.is(b, "the") && year.is_some() {
                start = p.s;
            } else if c & cue::EACH != 0 {
                push_timex(cands, Rule::DateSet, TimexType::Set, p.s, t.e, normalize::yearly_in_season(sn));
                return;
            }
        }
        let (s2, _) = extend_left_mods(b, start, true);
        let mut tense = Tense::Unknown;
        if year.is_none() && relation.is_none() {
            // "over the summer", "into the early spring": the season of a
            // preposition of time, not "the summer months" or "the spring of discontent"
            let the = if s2 < start { next_tok(b, s2) } else { prev };
            let ends = next.is_none_or(|n| !n.is_word(b) || n.cue(b, cue::YEAR_PREPOSITION) && !n.is(b, "of"));
            match the {
                Some(th)
                    if th.is(b, "the")
                        && ends
                        && prev_tok(b, th.s).is_some_and(|q| q.cue(b, cue::PERIOD_PREPOSITION)) =>
                {
                    tense = Tense::of_cue(tense_cue(b, th.s, false));
                    start = th.s;
                }
                _ => return,
            }
        } else {
            start = s2;
        }
        let value = normalize(&Parts { season: Some(sn), year, relation, ..Parts::default() }, anchor, tense);
        push(cands, Rule::DateSeason, start, end, value);
    }

    fn holiday(&self, b: &[u8], t: Tok, phrases: &[HolidayPhrase], anchor: Option<Date>, cands: &mut Vec<Cand>) {
        if !t.capitalized(b) {
            return;
        }
        // The longest phrase of the table that the words after `t` spell.
        let Some((h, end)) = phrases.iter().find_map(|h| {
            let mut end = t.e;
            for &w in h.rest {
                end = if w == "'s" { possessive_end(b, end)? } else { next_tok(b, end).filter(|n| n.is(b, w))?.e };
            }
            Some((h, end))
        }) else {
            return;
        };
        push_holiday(b, t, end, h.day, h.week, anchor, cands);
    }
}

/// The holiday named from the token `t` to `end` (`date.holiday`): its day
/// (`day`, or its week when `week`) after "last", "next" or "this", in the
/// year written after it, else in the year the clause's tense points to.
#[inline(never)]
fn push_holiday(b: &[u8], t: Tok, end: usize, day: DayRule, week: bool, anchor: Option<Date>, cands: &mut Vec<Cand>) {
    let mut start = t.s;
    let mut relation = None;
    if let Some(p) = prev_tok(b, t.s) {
        if p.is(b, "last") {
            relation = Some(Relation::Last);
            start = p.s;
        } else if p.is(b, "next") {
            relation = Some(Relation::Next);
            start = p.s;
        } else if p.is(b, "this") {
            start = p.s;
        }
    }
    // "At Easter, traffic rose": a holiday opening a sentence takes the
    // tense of the clause after it, as a weekday does
    let tense = match fronted_tense(b, start, end) {
        0 => Tense::of_cue(tense_cue(b, start, false)),
        f => Tense::of_cue(f),
    };
    let unit = week.then_some(Unit::Week);
    // "Christmas Day 2001", "Thanksgiving of 2005": that year's; "on
    // Labor Day in 2003" too, the year a date of its own
    let (year, end) = match holiday_year_after(b, end) {
        Some((y, e, within)) => (Some(y), if within { e } else { end }),
        None => (None, end),
    };
    let parts = Parts { holiday: Some(day), relation, unit, year, ..Parts::default() };
    push(cands, Rule::DateHoliday, start, end, normalize(&parts, anchor, tense));
}

/// "New Year's Day" (1 January) or "New Year's Eve" (31 December) around
/// the unit "Year": the token "New", the end and the day.
#[inline(never)]
fn new_year_holiday(b: &[u8], cx: UnitCx) -> Option<(Tok, usize, DayRule)> {
    let UnitCx { t, prev, .. } = cx;
    let new = prev.filter(|p| p.capitalized(b) && p.is(b, "new"))?;
    let d = next_tok(b, possessive_end(b, t.e)?).filter(|d| d.capitalized(b))?;
    let day = if d.is(b, "day") {
        DayRule::Fixed { month: 1, day: 1 }
    } else if d.is(b, "eve") {
        DayRule::Fixed { month: 12, day: 31 }
    } else {
        return None;
    };
    Some((new, d.e, day))
}

/// The year after a holiday's name that ends at `end`: right after it, after
/// a comma or "of" ("Christmas Day 2001", "Easter, 2008", "Thanksgiving of
/// 2005"; in the holiday's span: `true`), or after "in" ("Labor Day in
/// 2003": `false`), with the year's end.
fn holiday_year_after(b: &[u8], end: usize) -> Option<(i32, usize, bool)> {
    let mut n = next_tok(b, end)?;
    let mut within = true;
    if n.is_byte(b, b',') || n.is(b, "of") || n.is(b, "in") {
        within = !n.is(b, "in");
        n = next_tok(b, n.e)?;
    }
    let y = n.num(b).filter(|&y| n.e - n.s == 4 && (1000..2100).contains(&y))?;
    if b.get(n.e).is_some_and(|&c| is_alnum(c)) {
        return None;
    }
    Some((y as i32, n.e, within))
}

/// "today", "yesterday", "tomorrow", "tonight" (date.deictic), with a part of
/// the day after them and "the day before"/"the day after" before them.
fn rel_deictic(b: &[u8], t: Tok, r: Rel, prev: Option<Tok>, anchor: Option<Date>, cands: &mut Vec<Cand>) {
    let off = match r {
        Rel::Yesterday => -1,
        Rel::Tomorrow => 1,
        _ => 0,
    };
    let (mut start, _) = extend_left_mods(b, t.s, true);
    // "the day before yesterday", "the day after tomorrow"
    let mut off = off;
    let further = if off < 0 { "before" } else { "after" };
    if let Some(p) = prev.filter(|p| off != 0 && start == t.s && p.is(b, further)) {
        let day = prev_tok(b, p.s).filter(|d| d.is(b, "day"));
        if let Some(the) = day.and_then(|d| prev_tok(b, d.s)).filter(|x| x.is(b, "the")) {
            if p.capitalized(b) && day.is_some_and(|d| d.capitalized(b)) {
                // the film "The Day After Tomorrow"
                block(cands, Rule::DateTitle, the.s, t.e);
                return;
            }
            start = the.s;
            off *= 2;
        }
    }
    if let Some(ts) = time_prefix(b, start) {
        block(cands, Rule::DateClockTime, ts, t.e);
        return;
    }
    let mut end = t.e;
    let mut tod = "";
    if r != Rel::Tonight {
        if let Some(n) = next_tok(b, t.e) {
            for (w, v) in [("morning", "TMO"), ("afternoon", "TAF"), ("evening", "TEV"), ("night", "TNI")] {
                if n.is(b, w) {
                    tod = v;
                    end = n.e;
                }
            }
        }
    }
    if r == Rel::Tonight {
        tod = "";
    }
    if r == Rel::Today && end == t.e && todays_is_the_present(b, t) {
        block(cands, Rule::DateGenericPresent, start, end);
        return;
    }
    // "the cars of tomorrow", "the homes of tomorrow": the
    // future in general, not the next day
    if r == Rel::Tomorrow && end == t.e && the_nouns_of(b, t) {
        block(cands, Rule::DateGenericPresent, start, end);
        return;
    }
    push(cands, Rule::DateDeictic, start, end, anchor.map(|a| format!("{}{}", a.add_days(off), tod)));
}

/// "now" (date.present).
fn rel_now(b: &[u8], t: Tok, prev: Option<Tok>, cands: &mut Vec<Cand>) {
    // "now-closed" is an adjective and "Now," opening a sentence a
    // turn in the argument; "now that ..." still means the present
    let next = next_tok(b, t.e);
    let opens_sentence = t.capitalized(b) && prev.is_none_or(|p| p.any(b, &[".", "!", "?", "\"", "_"]));
    if next.is_some_and(|n| n.is_byte(b, b'-') && n.s == t.e || opens_sentence && n.is_byte(b, b',')) {
        return;
    }
    push(cands, Rule::DatePresent, t.s, t.e, Some("PRESENT_REF".into()));
}

/// The adjective "current" (date.present), "then-current" (date.vague).
fn rel_current(b: &[u8], t: Tok, cands: &mut Vec<Cand>) {
    // adjective "current": "the current quarter" is handled by units.
    if let Some(n) = next_tok(b, t.e) {
        if n.cue(b, cue::CURRENT_NOUN) {
            return;
        }
        if !n.is_word(b) {
            return;
        }
    }
    // "the then current price", "the then-current chairman": the
    // present of a past time
    let then = prev_tok(b, t.s).and_then(|p| {
        let p = if p.is_byte(b, b'-') && p.e == t.s { prev_tok(b, p.s).filter(|q| q.e == p.s)? } else { p };
        p.is(b, "then").then_some(p)
    });
    if let Some(then) = then {
        push(cands, Rule::DateVague, then.s, t.e, Some("PAST_REF".into()));
        return;
    }
    push(cands, Rule::DatePresent, t.s, t.e, Some("PRESENT_REF".into()));
}

/// "recently" (date.vague), unless a date after it says when.
fn rel_recently(b: &[u8], t: Tok, prev: Option<Tok>, cands: &mut Vec<Cand>) {
    let mut start = t.s;
    if let Some(p) = prev {
        // a modifier, not a preposition ("until recently")
        if p.cue(b, cue::RECENTLY_MODIFIER) {
            start = p.s;
        }
    }
    if t.is(b, "recent") {
        // "recent years"/"recent days" are handled by units; the
        // bare adjective ("the recent sale") is not a date.
        return;
    }
    // "most recently last November", "as recently as 2019": the
    // date after it says when; "recently" only points to it
    let mut n = next_tok(b, t.e);
    if n.is_some_and(|a| a.is(b, "as")) {
        n = n.and_then(|a| next_tok(b, a.e));
    }
    let named =
        |d: Tok| d.is_num(b) || d.capitalized(b) && (month_of_word(b, d).is_some() || weekday_of_word(b, d).is_some());
    let dated = |d: Tok| {
        named(d)
            || d.cue(b, cue::RECENTLY_DATE)
                && next_tok(b, d.e).is_some_and(|x| named(x) || d.any(b, &["last", "this"]) && is_unit_word(b, x))
    };
    if n.is_some_and(dated) {
        block(cands, Rule::DateVague, start, t.e);
        return;
    }
    push(cands, Rule::DateVague, start, t.e, Some("PAST_REF".into()));
}

/// "the near term", "the long term" (date.vague).
fn rel_term(b: &[u8], t: Tok, prev: Option<Tok>, cands: &mut Vec<Cand>) {
    // "in the near term", "for the long term"; not "the long term outlook", "short-term"
    let Some(p) = prev.filter(|p| p.e + 1 == t.s && p.cue(b, cue::TERM_ADJECTIVE)) else {
        return;
    };
    let Some(the) = prev_tok(b, p.s).filter(|q| q.is(b, "the")) else {
        return;
    };
    if next_tok(b, t.e).is_some_and(|n| n.is_word(b) && !n.capitalized(b)) {
        return;
    }
    push(cands, Rule::DateVague, the.s, t.e, Some("FUTURE_REF".into()));
}

/// "the future", "the near future" (date.vague).
fn rel_future(b: &[u8], t: Tok, prev: Option<Tok>, cands: &mut Vec<Cand>) {
    let mut start = t.s;
    let mut ok = false;
    if let Some(p) = prev {
        let adjective = p.cue(b, cue::FUTURE_ADJECTIVE);
        if adjective || p.is(b, "the") {
            ok = true;
            start = p.s;
            if adjective {
                if let Some(pp) = prev_tok(b, p.s) {
                    if pp.is(b, "the") {
                        start = pp.s;
                    }
                }
            }
        }
    }
    // "the future of the mill" is its prospects, a topic, not a time
    if !ok || next_tok(b, t.e).is_some_and(|n| n.is(b, "of")) {
        return;
    }
    push(cands, Rule::DateVague, start, t.e, Some("FUTURE_REF".into()));
}

/// "soon" beside a modal or an infinitive (date.vague).
fn rel_soon(b: &[u8], t: Tok, prev: Option<Tok>, cands: &mut Vec<Cand>) {
    // "may soon reopen", "plans to soon open", "it soon will": soon
    // beside a modal or an infinitive points ahead; not "as soon
    // as", "soon after", "soon-to-open"
    let modal = |x: &Tok| x.cue(b, cue::MODAL) || x.is(b, "to");
    let next = next_tok(b, t.e);
    if next.is_some_and(|n| n.is_byte(b, b'-') && n.s == t.e) {
        return;
    }
    if prev.is_some_and(|p| modal(&p)) || next.is_some_and(|n| modal(&n) && !n.is(b, "to")) {
        push(cands, Rule::DateVague, t.s, t.e, Some("FUTURE_REF".into()));
    }
}

/// "met daily", "three times weekly", "on a monthly basis": an adverb of how
/// often is a set that recurs once a unit (date.set); before a noun it is
/// an adjective ("daily flights"), capitalised a name ("China Daily").
fn frequency(b: &[u8], t: Tok, u: Unit, cands: &mut Vec<Cand>) {
    if t.capitalized(b) {
        return;
    }
    let next = next_tok(b, t.e);
    if next.is_none_or(|n| !n.is_word(b) && !n.is_num(b) && !n.is_byte(b, b'-') || n.cue(b, cue::SET_FOLLOWER)) {
        push_timex(cands, Rule::DateSet, TimexType::Set, t.s, t.e, normalize::once_a(u));
    }
}

/// "the past" on its own (date.vague).
fn rel_past(b: &[u8], t: Tok, prev: Option<Tok>, cands: &mut Vec<Cand>) {
    // "the past" alone (not "the past two years", "past few weeks")
    let p = match prev {
        Some(p) if p.is(b, "the") => p,
        _ => return,
    };
    if let Some(n) = next_tok(b, t.e) {
        if n.is_word(b)
            && !n.any(
                b,
                &[
                    "and", "or", "but", "as", "when", "that", "to", "is", "was", "in", "on", "of", "for", "with",
                    "the", "a",
                ],
            )
        {
            return;
        }
        if n.is_num(b) {
            return;
        }
    }
    push(cands, Rule::DateVague, p.s, t.e, Some("PAST_REF".into()));
}

/// The start of a month's day with the weekday before it: "Tuesday, March
/// 3", "this coming Friday, June 12", "next Tuesday, May 5" (date.month).
fn weekday_before_day(b: &[u8], start: usize) -> usize {
    let Some(c) = prev_tok(b, start) else { return start };
    let w = if c.is_byte(b, b',') { prev_tok(b, c.s) } else { Some(c) };
    let Some(w) = w.filter(|w| w.is_word(b) && weekday_of_word(b, *w).is_some() && w.capitalized(b)) else {
        return start;
    };
    match prev_tok(b, w.s).filter(|q| q.cue(b, cue::AHEAD) || q.is(b, "this")) {
        Some(q) => this_before(b, q),
        None => w.s,
    }
}

/// "last", "this", "next", "past" or "coming" before a month: its shift
/// (-1, 0, +1) and the start of the words ("the past May").
fn month_shift(b: &[u8], t: Tok) -> (Option<i32>, usize) {
    let Some((pm, c)) = prev_tok(b, t.s)
        .map(|pm| (pm, pm.cues_in(b, cue::BACK | cue::AHEAD | cue::AFTER_THIS)))
        .filter(|&(pm, c)| c & (cue::BACK | cue::AHEAD) != 0 || pm.is(b, "this"))
    else {
        return (None, t.s);
    };
    let shift = if c & cue::BACK != 0 {
        -1
    } else if c & cue::AHEAD != 0 {
        1
    } else {
        0
    };
    let the = prev_tok(b, pm.s).filter(|th| (th.is(b, "the") || th.is(b, "this")) && c & cue::AFTER_THIS != 0);
    (Some(shift), the.map_or(pm.s, |th| th.s))
}

/// The year of a month named without one: from "last"/"this"/"next"
/// before it, else from the tense of its clause (with a day only a pointer
/// ahead counts).
fn month_year_in_clause(
    b: &[u8],
    m: u8,
    day: Option<u8>,
    shift: Option<i32>,
    start: usize,
    end: usize,
    a: Date,
) -> i32 {
    let relation = shift.map(|sh| match sh {
        -1 => Relation::Last,
        1 => Relation::Next,
        _ => Relation::This,
    });
    let tense = match relation {
        Some(_) => Tense::Unknown,
        None => match (fronted_tense(b, start, end), day) {
            (0, Some(_)) if tense_cue(b, start, true) > 0 => Tense::Future,
            (0, Some(_)) => Tense::Unknown,
            (f, Some(_)) if f > 0 => Tense::Future,
            (_, Some(_)) => Tense::Unknown,
            (0, None) => Tense::of_cue(tense_cue_within(b, start, true, BARE_MONTH_TENSE_REACH, true)),
            (f, None) => Tense::of_cue(f),
        },
    };
    normalize::month_year(m, day, a, relation, tense)
}

/// "the week of March 6": the start of "the" and the ISO week of the day
/// `value` names.
fn week_of_day(b: &[u8], start: usize, value: Option<&str>) -> Option<(usize, String)> {
    let of = prev_tok(b, start).filter(|p| p.is(b, "of"))?;
    let wk = prev_tok(b, of.s).filter(|p| p.is(b, "week"))?;
    let the = prev_tok(b, wk.s).filter(|p| p.is(b, "the"))?;
    let day = value.filter(|x| x.len() == 10).and_then(Date::parse_iso)?;
    Some((the.s, yw(day)))
}

/// Parses `SEP n SEP n` after `pos` (where `b[pos] == sep`): returns the two
/// numbers and the end. The first number has 1 or 2 digits, the second 1 to
/// `max2`.
/// Rule `date.week-of-month`: "the first week of" .. "the fourth week of"
/// or "the last (final) week of" right before `start` (a month): the start
/// of "the" and n, 0 for the last. The nth week holds the month's (7n-3)th
/// day and the last its fourth-last, as an ISO week holds its Thursday.
fn week_of_month(b: &[u8], start: usize) -> Option<(usize, u8)> {
    let of = prev_tok(b, start).filter(|p| p.is(b, "of"))?;
    let wk = prev_tok(b, of.s).filter(|p| p.is(b, "week"))?;
    let ord = prev_tok(b, wk.s)?;
    let nth = if ord.cue(b, cue::FINAL) { 0 } else { ordinal_word(b, ord).filter(|n| (1..=4).contains(n))? };
    let the = prev_tok(b, ord.s).filter(|p| p.is(b, "the"))?;
    Some((the.s, nth))
}

/// The start of a range of weekdays whose last weekday comes after `to`
/// ("Tuesday through Sunday", "from Sunday until Tuesday",
/// "Wednesday-Friday"), as the candidate of its first weekday:
/// `Some(index)` of a day's candidate, `None` for a weekday a clock time
/// took ("7 a.m. to 8 p.m. Tuesday through Sunday"); no range, or a first
/// weekday of no single day: `None` outside.
fn range_start_before(b: &[u8], to: Tok, cands: &[Cand]) -> Option<Option<usize>> {
    if !(to.is_byte(b, b'-') || to.any(b, &["through", "thru", "to", "until", "till"])) {
        return None;
    }
    let first = prev_tok(b, to.s).filter(|f| f.capitalized(b) && weekday_of_word(b, *f).is_some())?;
    let i = cands.iter().rposition(|c| c.end == first.e)?;
    let c = &cands[i];
    if c.rule == Rule::DateClockTime && !c.emit {
        return Some(None);
    }
    c.value.as_deref().filter(|v| c.emit && c.rule == Rule::DateWeekday && v.len() == 10)?;
    Some(Some(i))
}

/// "the first Monday", "the last Friday", "the final Sunday", whose ordinal
/// is `ord`, the token before the weekday: the start of "the" and n (1 to
/// 4, -1 for the last).
fn nth_weekday_before(b: &[u8], ord: Tok) -> Option<(usize, i8)> {
    // most weekdays have no "the" two words before: a look at the bytes first
    if ord.s < 4 || !b[ord.s - 4..ord.s - 1].eq_ignore_ascii_case(b"the") {
        return None;
    }
    let n = if ord.cue(b, cue::FINAL) { -1 } else { ordinal_word(b, ord).filter(|n| (1..=4).contains(n))? as i8 };
    let the = prev_tok(b, ord.s).filter(|p| p.is(b, "the"))?;
    Some((the.s, n))
}

/// Rule `date.week-of-month`: "the first Tuesday in", "the last Friday of"
/// right before `start` (a month): the start of "the", n (-1 for the last)
/// and the weekday (0 Monday).
fn weekday_of_month(b: &[u8], start: usize) -> Option<(usize, i8, u8)> {
    let of = prev_tok(b, start).filter(|p| p.any(b, &["of", "in"]))?;
    let wd = prev_tok(b, of.s).filter(|p| p.capitalized(b))?;
    let d = weekday_of_word(b, wd)?;
    let (the, n) = nth_weekday_before(b, prev_tok(b, wd.s)?)?;
    Some((the, n, d))
}

fn two_more(b: &[u8], pos: usize, sep: u8, max2: usize) -> Option<(u32, u32, usize)> {
    let (n1, p) = number_after(b, pos, sep, 2)?;
    let (n2, p) = number_after(b, p, sep, max2)?;
    Some((n1, n2, p))
}

/// Parses `SEP n` at `pos`, `n` of 1 to `max` digits: the number and its end.
fn number_after(b: &[u8], pos: usize, sep: u8, max: usize) -> Option<(u32, usize)> {
    if pos >= b.len() || b[pos] != sep {
        return None;
    }
    let s = pos + 1;
    let e = s + b[s..].iter().take_while(|c| c.is_ascii_digit()).count();
    if e == s || e - s > max {
        return None;
    }
    Some((Tok { s, e }.num(b)?, e))
}

/// A day of a range ("21-22"): its start, end and number.
type DayRange = (usize, usize, u8);

/// What follows a month name: a day, a year, the second day of a range
/// (start, end, day), and where the date ends.
struct AfterMonth {
    day: Option<u8>,
    year: Option<i32>,
    day2: Option<(usize, usize, usize, u8)>,
    end: usize,
}

/// A day and/or a year after a month name ("March 3", "March 3, 2023",
/// "March 2023", "March of 2023", "November 21-22"), read from `p`; with the
/// end of the date (`end` when nothing follows).
fn after_month(b: &[u8], t: Tok, mut p: usize, mut end: usize) -> AfterMonth {
    let mut day: Option<u8> = None;
    let mut year: Option<i32> = None;
    let mut day2: Option<(usize, usize, usize, u8)> = None; // "November 21-22": end of the first, second
    if let Some(d) = next_tok(b, p) {
        if d.is_num(b) && d.e - d.s <= 2 && !d.touches(t.e) {
            let dn = d.num(b).unwrap_or(0);
            let after = if d.e < b.len() { b[d.e] } else { b' ' };
            let mut de = d.e;
            if de + 2 <= b.len()
                && (Tok { s: de, e: de + 2 }).cue(b, cue::ORDINAL_SUFFIX)
                && !(de + 2 < b.len() && is_alnum(b[de + 2]))
            {
                de += 2;
            }
            let bad_after = after == b':' && d.e + 1 < b.len() && b[d.e + 1].is_ascii_digit()
                || after == b'%'
                || (after == b'.' || after == b',') && d.e + 1 < b.len() && b[d.e + 1].is_ascii_digit();
            if (1..=31).contains(&dn) && !bad_after {
                day = Some(dn as u8);
                end = de;
                p = de;
                // range "November 21-22" / "Nov. 3 to 5"
                if de < b.len() && b[de] == b'-' {
                    if let Some(d2) = next_tok(b, de + 1) {
                        if d2.touches(de + 1) && d2.is_num(b) && d2.e - d2.s <= 2 {
                            let n2 = d2.num(b).unwrap_or(0);
                            if n2 as u8 > dn as u8 && n2 <= 31 {
                                day2 = Some((de, d2.s, d2.e, n2 as u8));
                                p = d2.e;
                            }
                        }
                    }
                } else if let Some((d2, n2)) = coordinated_day(b, de, dn) {
                    day2 = Some((de, d2.s, d2.e, n2));
                    p = d2.e;
                }
                // ", 2023" / " 2023"
                let mut q = p;
                if let Some(c) = next_tok(b, q) {
                    if c.is_byte(b, b',') {
                        q = c.e;
                    }
                }
                if let Some(yt) = next_tok(b, q) {
                    if yt.is_num(b) && yt.e - yt.s == 4 && !(yt.e < b.len() && is_alnum(b[yt.e])) {
                        let yn = yt.num(b).unwrap_or(0);
                        if (1000..2100).contains(&yn) {
                            year = Some(yn as i32);
                            end = yt.e;
                        }
                    }
                }
                if let Some((_, _, e2, _)) = day2 {
                    if year.is_none() {
                        end = e2;
                    }
                }
            }
        } else if let Some((dn, de)) = spelled_day(b, t, d) {
            // "March eighth", "May twenty-first", as transcripts write it,
            // and a year in words after it ("January first, nineteen ninety-eight")
            day = Some(dn);
            end = de;
            let q = next_tok(b, de).filter(|c| c.is_byte(b, b',')).map_or(de, |c| c.e);
            if let Some((y, ye)) = next_tok(b, q).filter(|yt| yt.is(b, "nineteen")).and_then(|yt| spelled_year(b, yt)) {
                year = Some(y);
                end = ye;
            }
        } else if d.is_num(b) && d.e - d.s == 4 {
            let yn = d.num(b).unwrap_or(0);
            if (1000..2100).contains(&yn) && !(d.e < b.len() && is_alnum(b[d.e])) {
                year = Some(yn as i32);
                end = d.e;
            }
        } else if d.is_byte(b, b',') {
            if let Some(yt) = next_tok(b, d.e) {
                if yt.is_num(b) && yt.e - yt.s == 4 {
                    let yn = yt.num(b).unwrap_or(0);
                    if (1000..2100).contains(&yn) && !(yt.e < b.len() && is_alnum(b[yt.e])) {
                        year = Some(yn as i32);
                        end = yt.e;
                    }
                }
            }
        } else if d.is(b, "of") {
            if let Some(yt) = next_tok(b, d.e) {
                if yt.is_num(b) && yt.e - yt.s == 4 {
                    let yn = yt.num(b).unwrap_or(0);
                    if (1000..2100).contains(&yn) {
                        year = Some(yn as i32);
                        end = yt.e;
                    }
                }
            }
        }
    }
    AfterMonth { day, year, day2, end }
}

/// A day of month `m` written as an ordinal word after it, `d` its first
/// word ("March eighth", "July twenty-first"): the day and its end. "May"
/// takes one only after a word of time ("on May first"): "May first" may
/// open a sentence.
fn spelled_day(b: &[u8], m: Tok, d: Tok) -> Option<(u8, usize)> {
    if !d.is_word(b) || d.capitalized(b) {
        return None;
    }
    if m.is(b, "may") && !prev_tok(b, m.s).is_some_and(|p| p.cue(b, cue::MAY_PREPOSITION) || p.is_byte(b, b',')) {
        return None;
    }
    // "the March second round", "in March second homes sold", "a May
    // third-place finish": an ordinal of something else. A day ends the
    // phrase or comes before a small word ("on March eighth the council
    // voted", "March eighth at noon").
    let of_other = |e: usize| {
        next_tok(b, e).is_some_and(|n| {
            n.is_byte(b, b'-') && n.s == e
                || n.is_word(b)
                    && !n.capitalized(b)
                    && !n.any(
                        b,
                        &[
                            "the", "at", "in", "on", "and", "or", "to", "when", "after", "before", "until", "by",
                            "for", "with", "as", "this", "that", "a", "an",
                        ],
                    )
        })
    };
    if let Some(n) = ordinal_word(b, d).filter(|n| (1..=31).contains(n)) {
        return (!of_other(d.e)).then_some((n, d.e));
    }
    // "twenty-first", "thirty-first"
    let tens = cardinal_word(b, d).filter(|n| matches!(n, 20 | 30))?;
    let hy = next_tok(b, d.e).filter(|h| h.s == d.e && h.is_byte(b, b'-'))?;
    let unit = next_tok(b, hy.e).filter(|u| u.s == hy.e).and_then(|u| ordinal_word(b, u).map(|n| (n, u.e)))?;
    let n = tens as u8 + unit.0;
    (unit.0 <= 9 && n <= 31 && !of_other(unit.1)).then_some((n, unit.1))
}

/// A second day joined to a month's day `first` that ends at `p` ("April
/// 24 and 25", "May 3 or 4"): the number and its value, when it is a later
/// day of the month and no count follows it ("March 3 and 4 people").
fn coordinated_day(b: &[u8], p: usize, first: u32) -> Option<(Tok, u8)> {
    let and = next_tok(b, p).filter(|a| a.cue(b, cue::CONJUNCTION))?;
    let d2 = next_tok(b, and.e).filter(|d| d.is_num(b) && d.e - d.s <= 2)?;
    let n2 = d2.num(b)?;
    if n2 <= first || n2 > 31 {
        return None;
    }
    match next_tok(b, d2.e) {
        Some(w) if w.is_word(b) && !w.cue(b, cue::PERIOD_PREPOSITION | cue::FRONTING) => None,
        Some(w) if w.is_byte(b, b'%') || w.is_byte(b, b':') => None,
        _ => Some((d2, n2 as u8)),
    }
}

/// "this year", "last year" or "next year" after a month at `end`
/// ("January this year"): the offset from the publication year and the end
/// of the date. After "of" ("October of next year") the year phrase stays a
/// date of its own, so the end stays `end`.
fn relative_year_after(b: &[u8], end: usize) -> Option<(i32, usize)> {
    let n = next_tok(b, end)?;
    let of = n.is(b, "of");
    let x = if of { next_tok(b, n.e)? } else { n };
    let r = if x.is(b, "last") {
        -1
    } else if x.is(b, "next") {
        1
    } else if x.is(b, "this") {
        0
    } else {
        return None;
    };
    let y = next_tok(b, x.e).filter(|y| y.is(b, "year") && !(y.e < b.len() && b[y.e] == b'\''))?;
    Some((r, if of { end } else { y.e }))
}

/// A day before a month name ("14 March", "14th of March", "the 14th of
/// March", "21-22 November"): where the date starts, the day, and the first
/// day of a range.
fn day_before_month(b: &[u8], t: Tok) -> Option<(usize, u8, Option<DayRange>)> {
    let mut start = t.s;
    let mut day_before: Option<(usize, u8)> = None;
    let mut range_first: Option<(usize, usize, u8)> = None;
    let mut q = t.s;
    if let Some(o) = prev_tok(b, q) {
        if o.is(b, "of") {
            q = o.s;
        }
    }
    let mut ds = None;
    if let Some(x) = prev_tok(b, q) {
        if x.cue(b, cue::ORDINAL_SUFFIX) {
            if let Some(n) = prev_tok(b, x.s) {
                if n.is_num(b) && n.e == x.s && n.e - n.s <= 2 {
                    ds = Some(n);
                }
            }
        } else if x.is_num(b) && x.e - x.s <= 2 {
            ds = Some(x);
        } else if q != t.s && x.is_word(b) {
            // "the fifth of June", "the Fourth of July": an ordinal in words
            // before "of", after "the" or capitalised
            let n = ordinal_word(b, x).filter(|n| (1..=31).contains(n));
            let the = prev_tok(b, x.s).filter(|th| th.is(b, "the"));
            if let Some(n) = n.filter(|_| the.is_some() || x.capitalized(b)) {
                return Some((the.map_or(x.s, |th| th.s), n, None));
            }
        }
    }
    if let Some(n) = ds {
        let dn = n.num(b).unwrap_or(0);
        let pc = if n.s > 0 { b[n.s - 1] } else { b' ' };
        if (1..=31).contains(&dn) && !(pc == b'.' || pc == b',' || pc == b'$' || pc == b':') {
            day_before = Some((n.s, dn as u8));
            start = n.s;
            if pc == b'-' && n.s >= 2 {
                if let Some(r) = prev_tok(b, n.s - 1) {
                    if r.is_num(b) && r.e == n.s - 1 && r.e - r.s <= 2 {
                        let rn = r.num(b).unwrap_or(0);
                        if rn >= 1 && rn < dn {
                            range_first = Some((r.s, r.e, rn as u8));
                        }
                    }
                }
            }
            if let Some(th) = prev_tok(b, start) {
                if th.is(b, "the") {
                    start = th.s;
                }
            }
        }
    }
    day_before.map(|(_, dn)| (start, dn, range_first))
}

/// True if a month named alone (no day, no year) is a date here: after a
/// preposition or a relative word ("in May", "last March"), and not the
/// start of a name ("April Smith"); "each March" is a set.
fn bare_month_is_date(b: &[u8], t: Tok, m: u8, abbr: bool, end: usize, cands: &mut Vec<Cand>) -> bool {
    if abbr {
        return false;
    }
    let prev = prev_tok(b, t.s);
    let next = next_tok(b, end);
    // March, April, May, June and August are also words and names: they
    // need a word of time before them, as any month before a capitalised
    // word does ("April Smith", "June Carter")
    let ambiguous = matches!(m, 3 | 4 | 5 | 6 | 8);
    let before_name = next.is_some_and(|n| {
        n.is_word(b) && n.capitalized(b) && !(n.cue(b, cue::DEICTIC) || n.is(b, "and") || n.is(b, "the"))
    });
    if ambiguous || before_name {
        let prev_ok = prev.is_some_and(|p| p.cue(b, cue::MONTH_PREPOSITION) || p.is_byte(b, b'-'));
        // "the March vote", "a June agreement": a month before the noun it
        // dates; "the March on the capital" is a march
        let dates_a_noun = || {
            next.is_some_and(|n| n.is_word(b) && !n.capitalized(b))
                && prev.is_some_and(|p| p.cue(b, cue::MONTH_NOUN_DETERMINER))
                && !next.is_some_and(|n| n.cue(b, cue::MONTH_NO_NOUN))
        };
        if !(prev_ok || ambiguous && dates_a_noun()) {
            return false;
        }
    }
    // "each March" is a set.
    if prev.map(|p| p.cue(b, cue::EACH)).unwrap_or(false) {
        push_timex(cands, Rule::DateSet, TimexType::Set, prev.unwrap().s, end, normalize::yearly_in(m));
        return false;
    }
    true
}

/// A run of digits the date rules look at: its span, length and value,
/// and the bytes around it.
#[derive(Clone, Copy)]
struct Num {
    s: usize,
    e: usize,
    len: usize,
    n: u32,
    prevc: u8,
    nextc: u8,
}

/// "Q3 2022", "Q4": a quarter code, of the year after it or of the publication year.
fn digit_quarter_code(b: &[u8], x: Num, anchor: Option<Date>, cands: &mut Vec<Cand>, st: &mut State) -> bool {
    let Num { s, e, len, n, prevc, nextc, .. } = x;
    // Q3 2022
    if (prevc == b'Q' || prevc == b'q') && len == 1 && (1..=4).contains(&n) {
        if s >= 2 && is_alnum(b[s - 2]) {
            return true;
        }
        if is_alnum(nextc) {
            return true;
        }
        let mut end = e;
        let mut year = None;
        let mut p = e;
        if let Some(t) = next_tok(b, p) {
            if t.is_byte(b, b',') || t.is_byte(b, b'-') {
                p = t.e;
            }
        }
        if let Some(t) = next_tok(b, p) {
            if t.e - t.s == 4 {
                if let Some(y) = t.num(b) {
                    if (1900..2100).contains(&y) {
                        year = Some(y as i32);
                        end = t.e;
                    }
                }
            }
        }
        let y = year.or(anchor.map(|a| a.year));
        st.last_quarter = y.map(|y| (y, n as u8));
        st.last_quarter_pos = s;
        push(cands, Rule::DateQuarter, s - 1, end, y.map(|y| format!("{:04}-Q{}", y, n)));
        return true;
    }
    // H1 2024: a half, only with its year ("H2" alone is also hydrogen)
    if (prevc == b'H' || prevc == b'h') && len == 1 && (1..=2).contains(&n) {
        if s >= 2 && is_alnum(b[s - 2]) || is_alnum(nextc) {
            return true;
        }
        let year = next_tok(b, e).filter(|t| t.e - t.s == 4).and_then(|t| Some((t, t.num(b)?)));
        if let Some((t, y)) = year.filter(|&(_, y)| (1900..2100).contains(&y)) {
            push(cands, Rule::DateQuarter, s - 1, t.e, Some(format!("{y:04}-H{n}")));
        }
        return true;
    }
    false
}

/// Dates in figures: YYYY-MM-DD, YYYY/MM/DD, D/M/YYYY, D.M.YYYY, D-M-YYYY
/// (day and month ordered later, by `resolve_numeric`).
fn digit_numeric(b: &[u8], x: Num, cands: &mut Vec<Cand>) -> bool {
    let Num { s, e, len, n, nextc, .. } = x;
    // Numeric dates: YYYY-MM-DD, YYYY/MM/DD, D/M/YYYY, D.M.YYYY, D-M-YYYY.
    if len == 4 && (nextc == b'-' || nextc == b'/') {
        if let Some((m, d, end)) = two_more(b, e, nextc, 2) {
            if !(end < b.len() && (b[end].is_ascii_digit() || b[end] == nextc)) {
                if let Some(dt) = Date::new(n as i32, m as u8, d as u8) {
                    // An ISO time part ("T10:00") stays outside the span.
                    push(cands, Rule::DateNumeric, s, end, Some(ymd(dt)));
                }
                return true;
            }
        }
    }
    if len <= 2 && (nextc == b'/' || nextc == b'.' || nextc == b'-') {
        if let Some((m, y, end)) = two_more(b, e, nextc, 4) {
            // year part length
            let mut ys = end;
            while ys > 0 && b[ys - 1].is_ascii_digit() {
                ys -= 1;
            }
            let ylen = end - ys;
            let ok_len = ylen == 4 || (ylen == 2 && nextc == b'/');
            let trailing = end < b.len()
                && (b[end].is_ascii_digit()
                    || b[end] == nextc
                    || (b[end] == b'.' && end + 1 < b.len() && b[end + 1].is_ascii_digit()));
            if ok_len && !trailing && n >= 1 && m >= 1 {
                let y = if ylen == 2 {
                    if y < 50 {
                        2000 + y as i32
                    } else {
                        1900 + y as i32
                    }
                } else {
                    y as i32
                };
                if n <= 31 && m <= 31 && (n <= 12 || m <= 12) {
                    let mut start = s;
                    // "Tuesday 14/03/2023"
                    if let Some(t) = prev_tok(b, s) {
                        let t2 = if t.is_byte(b, b',') { prev_tok(b, t.s) } else { Some(t) };
                        if let Some(t2) = t2 {
                            if t2.is_word(b) && weekday_of_word(b, t2).is_some() {
                                start = t2.s;
                            }
                        }
                    }
                    cands.push(Cand {
                        start,
                        end,
                        value: None,
                        emit: true,
                        ambiguous: false,
                        numeric: Some((n as u8, m as u8, y)),
                        rule: Rule::DateNumeric,
                        kind: TimexType::Date,
                    });
                }
                return true;
            }
            if !ok_len {
                // "3/4" fractions, scores, versions: not dates
                return true;
            }
        }
        // "2-1" scores, "3.5" decimals, "9/11": not dates.
    }
    false
}

/// Decades ("1990s", "'90s", "the early 1990s") and centuries ("20th
/// century", "the 11th century").
fn digit_decade_or_century(b: &[u8], x: Num, cands: &mut Vec<Cand>) -> bool {
    let Num { s, e, len, n, prevc, nextc, .. } = x;
    // Decades: 1990s, '90s, the 1990s, early 1990s, mid-1980s
    if nextc == b's' && !(e + 1 < b.len() && is_alnum(b[e + 1])) {
        // TIMEX3 writes a decade as its first three digits: the 1990s are 199.
        let dec = if len == 4 && n % 10 == 0 && (1000..2100).contains(&n) {
            Some(n / 10)
        } else if len == 2 && n % 10 == 0 && (prevc == b'\'' || bare_two_digit_decade(b, s)) {
            Some(if n < 30 { 200 + n / 10 } else { 190 + n / 10 })
        } else {
            None
        };
        if let Some(d) = dec {
            let s0 = if prevc == b'\'' { s - 1 } else { s };
            let (start, _) = extend_left_mods(b, s0, true);
            // "the 1800s", "the early 1900s" are the century, as news
            // writes them (19th, 20th); "the 2000s" the decade
            if len == 4 && d % 10 == 0 && d < 200 {
                push(cands, Rule::DateCentury, start, e + 1, Some(format!("{:02}", d / 10)));
                return true;
            }
            push(cands, Rule::DateDecade, start, e + 1, Some(format!("{d:03}")));
            return true;
        }
    }
    // Centuries: "20th century", "the 11th century"
    if len <= 2 && (nextc == b't' || nextc == b's' || nextc == b'n' || nextc == b'r') {
        let suf_end = e + 2;
        if suf_end <= b.len()
            && (Tok { s: e, e: suf_end }).cue(b, cue::ORDINAL_SUFFIX)
            && !(suf_end < b.len() && is_alnum(b[suf_end]))
        {
            if let Some(u) = next_tok(b, suf_end) {
                if u.is(b, "century") && (1..=21).contains(&n) {
                    let (start, _) = extend_left_mods(b, s, true);
                    push(cands, Rule::DateCentury, start, u.e, Some(format!("{:02}", n - 1)));
                }
            }
        }
        return true;
    }
    false
}

/// True if the two digits at `s` (before an "s") name a decade without an
/// apostrophe: "cars of the 70s", "since the 90s", or the second of two
/// ("the 70s and 80s"). "Highs in the 80s" is a temperature, so the
/// preposition before "the" must be one of time (`decade-preposition`).
fn bare_two_digit_decade(b: &[u8], s: usize) -> bool {
    let Some(p) = prev_tok(b, s) else { return false };
    if p.is(b, "the") {
        return prev_tok(b, p.s).is_some_and(|q| q.cue(b, cue::DECADE_PREPOSITION));
    }
    // "70s and 80s": a decade in figures before the conjunction
    // "70s and 80s", "1970s or 80s": the second of two decades
    if !p.cue(b, cue::CONJUNCTION) {
        return false;
    }
    let k = b[..p.s].trim_ascii_end();
    let Some(digits) = k.strip_suffix(b"s") else { return false };
    let n = digits.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    let s0 = digits.len() - n;
    let before = digits[..s0].last().copied();
    match n {
        4 => !before.is_some_and(is_alnum),
        2 => before == Some(b'\'') || before.is_some_and(|c| !is_alnum(c)) && bare_two_digit_decade(b, s0),
        _ => false,
    }
}

/// A four-digit year ("in 1996", "fiscal 1997", "1998 third quarter"), unless
/// the number is a count, a label or a clock time.
fn digit_year(b: &[u8], x: Num, cands: &mut Vec<Cand>, st: &mut State) {
    let Num { s, e, len, n, nextc, .. } = x;
    // Years.
    if len == 4 && (1000..2100).contains(&n) {
        if is_alnum(nextc) {
            return;
        }
        if nextc == b'%' {
            return;
        }
        if (nextc == b',' || nextc == b'.' || nextc == b':') && e + 1 < b.len() && b[e + 1].is_ascii_digit() {
            return;
        }
        if nextc == b'-' && e + 1 < b.len() && b[e + 1].is_ascii_digit() {
            // "1998-99" season/fiscal ranges: take the first year only when
            // the second part is a 2- or 4-digit year.
            let mut q = e + 1;
            while q < b.len() && b[q].is_ascii_digit() {
                q += 1;
            }
            if !(q - e - 1 == 2 || q - e - 1 == 4) {
                return;
            }
        }
        let prev = prev_tok(b, s);
        let next = next_tok(b, e);
        if let Some(t) = next {
            if t.cue(b, cue::QUANTITY | cue::CLOCK | cue::TIME_ZONE) {
                return;
            }
            if t.capitalized(b) && t.cue(b, cue::VEHICLE_MAKE) && owner_before(b, prev) {
                block(cands, Rule::DateNumberLabel, s, e);
                return;
            }
            // "in 1999 Harbor Road was widened" is a year still
            if street_after(b, t) && !prev.is_some_and(|p| p.cue(b, cue::FRONTING) && !p.any(b, &["at", "on", "from"]))
            {
                block(cands, Rule::DateNumberLabel, s, e);
                return;
            }
        }
        if let Some(p) = prev {
            if p.cue(b, cue::NUMBER_LABEL) {
                block(cands, Rule::DateNumberLabel, s, e);
                return;
            }
            if p.is_byte(b, b':') && p.s > 0 && b[p.s - 1].is_ascii_digit() {
                return;
            }
        }
        if !(1900..=2099).contains(&n) {
            let ok = prev.map(|p| p.cue(b, cue::YEAR_PREPOSITION)).unwrap_or(false)
                || next.map(|t| t.is_byte(b, b',') || t.is_byte(b, b'.')).unwrap_or(false)
                    && prev.map(|p| p.cue(b, cue::YEAR_PREPOSITION)).unwrap_or(false);
            if !ok {
                return;
            }
        }
        let y = n as i32;
        let (mut start, _) = extend_left_mods(b, s, true);
        let mut end = e;
        let mut value = yy(y);
        // "fiscal 1997", "fiscal year 1997", "FY 1997"
        if let Some(p) = prev_tok(b, start) {
            if p.cue(b, cue::FISCAL) {
                start = p.s;
            } else if p.is(b, "year") {
                if let Some(p2) = prev_tok(b, p.s) {
                    if p2.is(b, "fiscal") {
                        start = p2.s;
                    }
                }
            }
        }
        // "1998 third quarter", "the 1988 period"
        let mut quarterish = false;
        if let Some(t) = next_tok(b, e) {
            if let Some(q) = ordinal_word(b, t) {
                if let Some(u) = next_tok(b, t.e) {
                    if u.is(b, "quarter") && q <= 4 {
                        end = u.e;
                        value = format!("{:04}-Q{}", y, q);
                        st.last_quarter = Some((y, q));
                        st.last_quarter_pos = s;
                        quarterish = true;
                    }
                }
            } else if t.cue(b, cue::QUARTER_WORD) && !(t.e < b.len() && b[t.e] == b's') {
                end = t.e;
                quarterish = true;
                if let Some((_, q)) = st.last_quarter {
                    value = format!("{:04}-Q{}", y, q);
                }
            }
        }
        if quarterish && start == s {
            if let Some(p) = prev_tok(b, s) {
                if p.is(b, "the") {
                    start = p.s;
                }
            }
        }
        // "the end of 1990", "spring 2023"
        push(cands, if quarterish { Rule::DateQuarter } else { Rule::DateYear }, start, end, Some(value));
    }
}

/// True if `p`, the token before a year, makes the year and the make of
/// car after it a car someone owns or drives, a model year (`date.number-label`):
/// a determiner other than "the" ("a 2004 Dodge", "her 1998 Volvo") or a
/// possessive ("the driver's 2001 Audi"), with one lowercase word between at
/// most ("a red 1999 Buick").
fn owner_before(b: &[u8], p: Option<Tok>) -> bool {
    let owner = |t: Tok| {
        t.cue(b, cue::DETERMINER) && !t.is(b, "the")
            || t.is(b, "s")
                && prev_tok(b, t.s).is_some_and(|a| a.e == t.s && matches!(&b[a.s..a.e], b"'" | [0xE2, 0x80, 0x99]))
    };
    match p {
        Some(p) if owner(p) => true,
        Some(p) if p.is_word(b) && b[p.s].is_ascii_lowercase() => prev_tok(b, p.s).is_some_and(owner),
        _ => false,
    }
}

/// True if the words from `t` on, after a number, make the number a house
/// number (`date.number-label`): a capitalised street name ending in a
/// street word ("1925 Quarry Lane", "2010 Old Mill Road"), or a point of
/// the compass and such a name ("1310 N. Harbor Road", "1450 W. Avenue K").
/// The caller leaves a number after a preposition of time ("in 1999") a year.
fn street_after(b: &[u8], t: Tok) -> bool {
    let mut t = t;
    let compass = t.e - t.s == 1 && matches!(b[t.s], b'N' | b'S' | b'E' | b'W');
    if compass {
        let Some(n) = next_tok(b, t.e).and_then(|d| if d.is_byte(b, b'.') { next_tok(b, d.e) } else { Some(d) }) else {
            return false;
        };
        t = n;
    }
    for k in 0..4 {
        if !t.is_word(b) || !t.capitalized(b) {
            return false;
        }
        if (k > 0 || compass) && t.cue(b, cue::STREET) {
            return true;
        }
        let Some(n) = next_tok(b, t.e) else { return false };
        t = n;
    }
    false
}

/// What the unit rules know of a calendar unit word ("weeks", "quarter")
/// and the tokens around it.
#[derive(Clone, Copy)]
struct UnitCx {
    t: Tok,
    u: Unit,
    plural: bool,
    /// "period", read as a quarter in results ("the year-earlier period").
    is_period: bool,
    prev: Option<Tok>,
    next: Option<Tok>,
    /// Hyphen right before ("third-quarter") or after ("year-end").
    hy_before: bool,
    hy_after: bool,
    anchor: Option<Date>,
}

/// A determiner before a singular unit, as `unit_determiner` reads it.
#[derive(Clone, Copy)]
struct Determiner {
    /// The determiner's token.
    p: Tok,
    start: usize,
    end: usize,
    /// -1 last, 0 this, +1 next, 9 "the weekend"; `None`: no relative date.
    off: Option<i32>,
    /// "the quarter", "the latest quarter": the quarter the story is about.
    vague_quarter: bool,
    /// "the following year", "that month": counted from the last date the
    /// story named, not from the publication date.
    narrative: bool,
}

/// Duration adjectives: "two-year", "10-year", "five-month".
fn unit_duration_adjective(b: &[u8], cx: UnitCx, cands: &mut Vec<Cand>) -> bool {
    let UnitCx { t, plural, hy_before, .. } = cx;
    // Duration adjectives: "two-year", "10-year", "five-month"
    if hy_before && !plural {
        if let Some(p) = prev_tok(b, t.s - 1) {
            if p.e == t.s - 1 && (number_word(b, p).is_some() || p.cue(b, cue::MULTI)) {
                push_duration(cands, b, p.s, t, Some(cx.u));
                return true;
            }
        }
    }
    false
}

/// "every year", "each week": a set that recurs once a unit (`P1Y`,
/// `P1W`; every weekend, `XXXX-WXX-WE`).
fn unit_set(b: &[u8], cx: UnitCx, cands: &mut Vec<Cand>) -> bool {
    let UnitCx { t, u, prev, is_period, hy_after, .. } = cx;
    let Some(p) = prev.filter(|p| p.cue(b, cue::EACH)) else { return false };
    if is_period || hy_after || u == Unit::Half {
        return false;
    }
    let value = normalize::once_a(u);
    push_timex(cands, Rule::DateSet, TimexType::Set, p.s, t.e, value);
    true
}

/// Plural units: "in recent years" and "the coming months" are vague
/// references; any other count of units ("two years", "the past three
/// months") is a duration.
fn unit_plural(b: &[u8], cx: UnitCx, cands: &mut Vec<Cand>) {
    let UnitCx { t, u, prev, anchor, .. } = cx;
    // "its first two quarters of 2025", "the last two quarters of this
    // year": that half of the year
    if u == Unit::Quarter {
        let two = prev.filter(|p| cardinal_word(b, *p) == Some(2) || p.is(b, "2"));
        let nth = two.and_then(|p| prev_tok(b, p.s)).filter(|q| q.cue(b, cue::FINAL) || q.is(b, "first"));
        if let (Some(nth), Some((y, end))) = (nth, year_after_quarter(b, t.e, anchor)) {
            let start = prev_tok(b, nth.s).filter(|x| x.is(b, "the")).map_or(nth.s, |x| x.s);
            let h = if nth.is(b, "first") { 1 } else { 2 };
            push(cands, Rule::DateQuarter, start, end, Some(format!("{y:04}-H{h}")));
            return;
        }
    }
    // ---- plural units: durations unless "recent years", "ago" handled above
    if let Some(p) = prev {
        if p.is(b, "recent") {
            if matches!(u, Unit::Year | Unit::Day) {
                let mut start = p.s;
                if let Some(pp) = prev_tok(b, p.s).filter(|pp| pp.is(b, "the")) {
                    start = pp.s;
                }
                push(cands, Rule::DateVague, start, t.e, Some("PAST_REF".into()));
                return;
            }
            push_duration(cands, b, p.s, t, Some(u));
            return;
        }
        if p.is(b, "coming") {
            let mut start = p.s;
            if let Some(pp) = prev_tok(b, p.s) {
                if pp.is(b, "the") {
                    start = pp.s;
                }
            }
            if matches!(u, Unit::Month | Unit::Quarter | Unit::Year) {
                push(cands, Rule::DateVague, start, t.e, Some("FUTURE_REF".into()));
            } else {
                push_duration(cands, b, start, t, Some(u));
            }
            return;
        }
    }
    // any number/determiner + plural unit: duration; block it (with left context)
    let mut start = t.s;
    let mut q = t.s;
    for _ in 0..4 {
        let Some(p) = prev_tok(b, q) else { break };
        // one lowercase copy of the word, read by each test
        let mut buf = [0u8; 20];
        let w = lower(b, p, &mut buf);
        let n = p.num(b).or_else(|| number_of(w).filter(|&(_, ordinal)| !ordinal).map(|(n, _)| n));
        // "eight trading days"
        let c = word_cues_in(w, cue::DURATION_WORD | cue::DURATION_APPROXIMATOR | cue::COUNT_FILLER);
        if n.is_none() && !duration_word(b, p, c) && c & cue::COUNT_FILLER == 0 {
            break;
        }
        if w == b"of" && !prev_tok(b, p.s).is_some_and(|c| c.is(b, "couple")) {
            break;
        }
        // "twenty-five years": the whole count
        start = match n {
            Some(n) if p.is_word(b) => spelled_from(b, p, n).0,
            _ => p.s,
        };
        q = start;
    }
    // "living quarters", "three-quarters of its food": quarters with no
    // count or determiner are no quarters of a year.
    if start == t.s && u == Unit::Quarter {
        return;
    }
    // the film "Forty Quiet Days", the album "Nine Days", "the Days
    // Inn": a unit in title case inside a sentence is a name
    if t.capitalized(b) && title_case_in_sentence(b, t) {
        block(cands, Rule::DateTitle, start, t.e);
        return;
    }
    push_duration(cands, b, start, t, (!cx.is_period).then_some(u));
}

/// True if the capitalised words before `t` (none or more) follow a word
/// in lower case or a mark that ends no sentence: a name inside a
/// sentence, not a sentence's or a headline's first words.
fn title_case_in_sentence(b: &[u8], t: Tok) -> bool {
    let mut p = prev_tok(b, t.s);
    while let Some(q) = p.filter(|q| q.is_word(b) && q.capitalized(b) || q.is_byte(b, b'"')) {
        p = prev_tok(b, q.s);
    }
    p.is_some_and(|q| if q.is_word(b) { !q.capitalized(b) } else { !q.any(b, &[".", "!", "?", "_", ":"]) })
}

/// True if `p`, a word before a plural unit (`c` its cue classes), belongs
/// to its duration ("the past", "a few", "more than"; "over 20 years", not
/// "over the past year": a preposition heads no duration).
fn duration_word(b: &[u8], p: Tok, c: u128) -> bool {
    c & cue::DURATION_WORD != 0
        || c & cue::DURATION_APPROXIMATOR != 0 && next_tok(b, p.e).is_some_and(|n| number_word(b, n).is_some())
}

/// A duration from `s` to the unit word `unit` ("the past three months"),
/// of unit `u` (`None`: a word such as "periods" that names no length, so
/// no value). Its count is the number right before the unit (see
/// [`duration_count`]); the span grows left over the whole part of a
/// decimal ("1.5 years").
fn push_duration(cands: &mut Vec<Cand>, b: &[u8], s: usize, unit: Tok, u: Option<Unit>) {
    let (mut start, count) = duration_count(b, s, unit);
    let mut value = u.map(|u| normalize::duration(count.as_deref(), u));
    // "3 1/2 hours", "three and a half years" (a quick look at the last
    // byte of the word before first)
    let last = if unit.s >= 2 { b[unit.s - 2] | 0x20 } else { 0 };
    if last == b'2' || last == b'f' {
        if let (Some(u), Some((whole_start, whole))) = (u, length::half_before(b, unit)) {
            start = start.min(whole_start);
            value = Some(normalize::duration_and_a_half(whole, u));
        }
    }
    // "more than six hours", "at least 15 more years": the bound a count
    // carries, when the span starts at the count
    let mut start = start.min(s);
    if count.is_some() && length::starts_with_count(b, start) {
        start = length::bound_start(b, start);
    }
    let clock = matches!(u, Some(Unit::Hour | Unit::Minute));
    // "a six-year-old girl", "52 years old": an age, still no date.
    let age = next_tok(b, unit.e).is_some_and(|n| {
        n.is(b, "old")
            || n.is_byte(b, b'-') && n.s == unit.e && next_tok(b, n.e).is_some_and(|o| o.s == n.e && o.is(b, "old"))
    });
    cands.push(Cand {
        start,
        end: unit.e,
        value,
        emit: !age,
        kind: TimexType::Duration,
        rule: if age {
            Rule::DateAge
        } else if clock {
            Rule::DateClockLength
        } else {
            Rule::DateDuration
        },
        ambiguous: false,
        numeric: None,
    });
}

/// The count of units before the unit word `unit`, inside the span from
/// `s`: "three years" 3, "18 months" 18, "five-year" 5, "1.5 years" 1.5,
/// "1,000 years" 1000, "a couple of years" 2; `None` when unstated
/// ("several years", "the coming weeks"). With where the count starts.
fn duration_count(b: &[u8], s: usize, unit: Tok) -> (usize, Option<String>) {
    let before = |t: Tok| prev_tok(b, t.s).filter(|p| p.s >= s);
    let Some(mut p) = before(unit) else { return (s, None) };
    if p.is_byte(b, b'-') && p.e == unit.s {
        match before(p) {
            Some(q) => p = q,
            None => return (s, None),
        }
    }
    // "15 more years", "two extra weeks"
    if p.cue(b, cue::COUNT_FILLER) {
        match before(p) {
            Some(q) => p = q,
            None => return (s, None),
        }
    }
    if p.is(b, "of") {
        let couple = before(p).is_some_and(|q| q.is(b, "couple"));
        return (s, couple.then(|| "2".to_string()));
    }
    let digits = |t: Tok| std::str::from_utf8(&b[t.s..t.e]).unwrap_or("");
    if p.is_num(b) {
        // "1.5", "1,000": the digits before a point or comma inside the number.
        let whole = prev_tok(b, p.s)
            .filter(|sep| sep.e == p.s && (sep.is_byte(b, b'.') || sep.is_byte(b, b',')))
            .and_then(|sep| prev_tok(b, sep.s).filter(|w| w.e == sep.s && w.is_num(b)).map(|w| (sep, w)));
        return match whole {
            Some((sep, w)) if b[sep.s] == b'.' => (w.s, Some(format!("{}.{}", digits(w), digits(p)))),
            Some((_, w)) if p.e - p.s == 3 => (w.s, Some(format!("{}{}", digits(w), digits(p)))),
            _ => (s, Some(digits(p).to_string())),
        };
    }
    match spelled_count(b, p) {
        Some((start, n)) => (start.min(s), Some(n.to_string())),
        None => (s, None),
    }
}

/// True if `t` is a unit word ("day", "hours"), as `date_words.tsv` lists them.
fn is_unit_word(b: &[u8], t: Tok) -> bool {
    DATE_WORDS.iter().any(|&(w, k)| matches!(k, Kw::Unit(_)) && t.is(b, w))
}

/// The unit a plural unit word names ("months", a unit row of
/// `date_words.tsv` in -s), if it is one of the four a duration is counted
/// in here.
fn plural_unit(b: &[u8], t: Tok) -> Option<Unit> {
    DATE_WORDS.iter().find_map(|&(w, k)| match k {
        Kw::Unit(u @ (Unit::Day | Unit::Week | Unit::Month | Unit::Year)) if w.ends_with('s') && t.is(b, w) => Some(u),
        _ => None,
    })
}

/// The year after a quarter ("of 1998", ", 1998", " 1998", "of this
/// year", "of next year"), read from `pos`, with where it ends.
fn year_after_quarter(b: &[u8], pos: usize, anchor: Option<Date>) -> Option<(i32, usize)> {
    let mut found = None;
    if let Some(x) = next_tok(b, pos) {
        let mut y_t = None;
        if x.is(b, "of") || x.is_byte(b, b',') {
            y_t = next_tok(b, x.e);
            if let Some(y2) = y_t {
                if y2.cue(b, cue::DEICTIC) || y2.is(b, "the") {
                    if let Some(y3) = next_tok(b, y2.e) {
                        if y3.is(b, "year") {
                            if let Some(a) = anchor {
                                let r = if y2.is(b, "last") {
                                    -1
                                } else if y2.is(b, "next") {
                                    1
                                } else {
                                    0
                                };
                                found = Some((a.year + r, y3.e));
                            }
                        }
                    }
                    y_t = None;
                }
            }
        } else if x.is_num(b) {
            y_t = Some(x);
        }
        if let Some(y) = y_t {
            if y.is_num(b) && y.e - y.s == 4 {
                if let Some(yn) = y.num(b) {
                    if (1900..2100).contains(&yn) {
                        found = Some((yn as i32, y.e));
                    }
                }
            }
        }
    }
    found
}

/// The determiner before a singular unit ("last", "this", "the", "the full",
/// "the current fiscal"): where the date starts and which unit it is, or
/// `None` when the unit names no date here.
fn unit_determiner(b: &[u8], cx: UnitCx) -> Option<Determiner> {
    let UnitCx { t, u, is_period, prev, next, .. } = cx;
    // ---- singular units with determiners
    let p = prev?;
    let mut start = p.s;
    let end = t.e;
    // relative offset: -1 last, 0 this, +1 next; None = not a date
    let mut off: Option<i32> = None;
    let mut vague_quarter = false;
    // the determiner in lowercase, read by the branches below
    let mut buf = [0u8; 20];
    let w = lower(b, p, &mut buf);
    if let Some(d) = narrative_determiner(b, u, p, w, end) {
        return Some(d);
    }
    let c = word_cues_in(w, cue::BACK | cue::PRESENT | cue::AHEAD | cue::SAME | cue::WHOLE);
    if c & cue::BACK != 0 || w == b"previous" {
        off = Some(-1);
        // "this past weekend"
        start = this_before(b, p);
        if let Some(pp) = prev_tok(b, p.s) {
            if pp.is(b, "the") {
                start = pp.s;
            }
        }
    } else if c & cue::PRESENT != 0 {
        off = Some(0);
        if let Some(pp) = prev_tok(b, p.s) {
            if pp.is(b, "the") && p.is(b, "current") {
                start = pp.s;
            }
        }
    } else if c & cue::AHEAD != 0 || w == b"following" {
        off = Some(1);
        // "this coming week"
        start = this_before(b, p);
        if let Some(pp) = prev_tok(b, p.s) {
            if pp.is(b, "the") {
                start = pp.s;
            }
        }
        if p.is(b, "following") || (p.is(b, "next") && start != p.s) {
            // "the following year", "the next year" (relative to narrative);
            // "the next century" is the coming one
            if u != Unit::Year && !(u == Unit::Century && p.is(b, "next")) {
                return None;
            }
        }
    } else if c & cue::SAME != 0 || w == b"latest" {
        if let Some(pp) = prev_tok(b, p.s) {
            if pp.is(b, "the") {
                start = pp.s;
            }
        }
        if matches!(u, Unit::Quarter) {
            vague_quarter = true;
        } else {
            return None;
        }
    } else if w == b"the" {
        match u {
            Unit::Quarter if !is_period => vague_quarter = true,
            Unit::Weekend => off = Some(9),
            Unit::Month | Unit::Week | Unit::Year | Unit::Decade | Unit::Century
                if prev_tok(b, p.s).map(|o| o.is(b, "of")).unwrap_or(false)
                    && prev_tok(b, prev_tok(b, p.s).unwrap().s)
                        .map(|x| x.cue(b, cue::PERIOD_PART))
                        .unwrap_or(false) =>
            {
                // "the end of the month": the current one
                off = Some(0);
            }
            Unit::Year if the_year_is_this_one(b, p, next) => off = Some(0),
            _ => return None,
        }
    } else if c & cue::WHOLE != 0 && u == Unit::Year {
        // "the full year", "the whole year": the year the story reports
        // on, the last one it named ("lost $2 billion in 2023 ... in any
        // month of the whole year"), else the present one
        if let Some(the) = prev_tok(b, p.s).filter(|pp| pp.is(b, "the")) {
            return Some(Determiner { p, start: the.s, end, off: Some(0), vague_quarter, narrative: true });
        }
        if !p.is(b, "full") {
            return None;
        }
        if let Some(pp) = prev_tok(b, p.s) {
            if pp.is(b, "the") {
                start = pp.s;
            }
        }
        off = Some(0);
    } else if p.is(b, "fiscal") && u == Unit::Year {
        // "the current fiscal year", "the latest fiscal year", "next fiscal year"
        // ("fiscal year 1997" is handled by the digit parser).
        if next.map(|n| n.is_num(b) || n.cue(b, cue::PERIOD_BOUND)).unwrap_or(false) {
            return None;
        }
        let d1 = prev_tok(b, p.s)?;
        start = d1.s;
        let c1 = d1.cues_in(b, cue::BACK | cue::PRESENT | cue::AHEAD);
        off = if c1 & cue::BACK != 0 || d1.is(b, "latest") || d1.is(b, "previous") {
            Some(-1)
        } else if c1 & cue::PRESENT != 0 || d1.is(b, "the") {
            Some(0)
        } else if c1 & cue::AHEAD != 0 {
            Some(1)
        } else {
            return None;
        };
        if !d1.is(b, "the") {
            if let Some(d0) = prev_tok(b, d1.s) {
                if d0.is(b, "the") {
                    start = d0.s;
                }
            }
        }
    } else {
        return None;
    }
    Some(Determiner { p, start, end, off, vague_quarter, narrative: false })
}

/// The year of quarter (or half, `u`) `q` when the text names none,
/// published on `a`: `shift` years on after "last" or "next"; a quarter
/// still to come this year is the coming one when the clause looks ahead or
/// it is the next one and the clause does not look back ("cuts during the
/// fourth quarter", in August), else last year's ("fourth-quarter profit
/// rose", in February).
fn unnamed_quarter_year(b: &[u8], u: Unit, q: u8, a: Date, start: usize, shift: i32) -> i32 {
    let cur = if u == Unit::Quarter {
        a.quarter()
    } else if a.month <= 6 {
        1
    } else {
        2
    };
    let tense = if q > cur { tense_cue(b, start, false) } else { 0 };
    if shift != 0 {
        a.year + shift
    } else if q > cur && !(tense > 0 || q == cur + 1 && tense == 0) {
        a.year - 1
    } else {
        a.year
    }
}

/// "the year two thousand", "the year two thousand and ten": a year of
/// this millennium said in words after "the year", as in transcripts
/// (start, end, year).
fn the_year_in_words(b: &[u8], cx: UnitCx) -> Option<(usize, usize, i32)> {
    if cx.u != Unit::Year || cx.plural || cx.hy_after {
        return None;
    }
    let the = cx.prev.filter(|p| p.is(b, "the"))?;
    let two = cx.next.filter(|n| n.is(b, "two"))?;
    let thousand = next_tok(b, two.e).filter(|n| n.is(b, "thousand"))?;
    let (mut year, mut end) = (2000, thousand.e);
    let after = next_tok(b, thousand.e);
    let units = match after {
        Some(a) if a.is(b, "and") => next_tok(b, a.e),
        a => a,
    };
    if let Some(n) = units.and_then(|u| cardinal_word(b, u).filter(|n| (1..100).contains(n)).map(|n| (u, n))) {
        let (u, k) = n;
        year += k as i32;
        end = u.e;
    }
    Some((the.s, end, year))
}

/// The start of "this past" or "this coming" when "this" stands before the
/// modifier `p` ("this past spring", "this coming Sunday"), else of `p`.
fn this_before(b: &[u8], p: Tok) -> usize {
    match prev_tok(b, p.s) {
        Some(th) if th.is(b, "this") && p.cue(b, cue::AFTER_THIS) => th.s,
        _ => p.s,
    }
}

/// True when `det` and `unit` are both capitalised ("This Week") though the
/// words before them, past an opening quote, are in sentence case: the title
/// of a programme or column, not a date. A headline in title case or a
/// sentence's first words are no such title.
fn title_case_inside_sentence(b: &[u8], det: Tok, unit: Tok) -> bool {
    if !det.capitalized(b) || !unit.capitalized(b) || !det.cue(b, cue::DEICTIC) {
        return false;
    }
    let mut p = prev_tok(b, det.s);
    while let Some(q) = p.filter(|q| q.is_byte(b, b'"')) {
        p = prev_tok(b, q.s);
    }
    p.is_some_and(|q| if q.is_word(b) { !q.capitalized(b) } else { !q.any(b, &[".", "!", "?", "_", ":"]) })
}

/// "the previous year", "the following month", "that year", "the same
/// month": a year or month counted from the story's last date.
fn narrative_determiner(b: &[u8], u: Unit, p: Tok, w: &[u8], end: usize) -> Option<Determiner> {
    if u == Unit::Day {
        return narrative_day(b, p, w, end);
    }
    if !matches!(u, Unit::Year | Unit::Month) {
        return None;
    }
    // `w`: the determiner `p` in lowercase
    let off = match w {
        b"that" | b"same" => 0,
        b"following" => 1,
        _ if word_cues_in(w, cue::PREVIOUS) != 0 => -1,
        _ => return None,
    };
    let the = prev_tok(b, p.s).filter(|pp| pp.is(b, "the"));
    if the.is_none() && w != b"that" {
        return None;
    }
    let start = the.map_or(p.s, |t| t.s);
    Some(Determiner { p, start, end, off: Some(off), vague_quarter: false, narrative: true })
}

/// "the next day", "the previous day", "that same day", "earlier that
/// day", "the day before": a day counted from the story's last day. A bare
/// "that day" ("trades made that day") and a day tied to an event after it
/// ("the same day as the vote", "the day before the vote") name none.
fn narrative_day(b: &[u8], p: Tok, w: &[u8], end: usize) -> Option<Determiner> {
    let the = prev_tok(b, p.s).filter(|q| q.is(b, "the"));
    let after = next_tok(b, end);
    let (start, end, off) = match w {
        b"next" | b"following" => (the?.s, end, 1),
        _ if word_cues_in(w, cue::PREVIOUS) != 0 => (the?.s, end, -1),
        b"same" => {
            let d = prev_tok(b, p.s).filter(|q| q.any(b, &["the", "that"]))?;
            if after.is_some_and(|a| a.is(b, "as")) {
                return None;
            }
            (d.s, end, 0)
        }
        b"that" if prev_tok(b, p.s).is_some_and(|q| q.any(b, &["earlier", "later"])) => (p.s, end, 0),
        b"the" => {
            let a = after.filter(|a| a.any(b, &["before", "after"]))?;
            // the phrase ends there: a comma, a period, "and"
            let closed = next_tok(b, a.e).is_none_or(|n| !n.is_word(b) && !n.is_num(b) || n.is(b, "and"));
            if !closed {
                return None;
            }
            (p.s, a.e, if a.is(b, "before") { -1 } else { 1 })
        }
        _ => return None,
    };
    Some(Determiner { p, start, end, off: Some(off), vague_quarter: false, narrative: true })
}

/// "for the year", "in the year": the present year, unless the words after
/// tie it to another time ("in the year before", "for the year ended
/// June 30", "in the year that ...").
fn the_year_is_this_one(b: &[u8], the: Tok, next: Option<Tok>) -> bool {
    prev_tok(b, the.s).is_some_and(|pp| pp.cue(b, cue::THE_YEAR_PREPOSITION))
        && !next.is_some_and(|n| n.cue(b, cue::YEAR_TIED) || n.is_byte(b, b'-'))
}

/// The date a determiner and a singular unit name ("last week", "the
/// quarter", "the current fiscal year").
fn unit_relative(b: &[u8], cx: UnitCx, det: Determiner, cands: &mut Vec<Cand>, st: &mut State) {
    let UnitCx { t, u, is_period, hy_after, anchor, .. } = cx;
    let Determiner { p, mut start, end, off, vague_quarter, narrative } = det;
    if hy_after {
        // "last-year", "this-year's"? keep simple: reject compounds like "year-end" handled
        if let Some(x) = next_tok(b, t.e + 1) {
            if x.touches(t.e + 1) && x.is_word(b) {
                return;
            }
        }
    }
    // "earlier this year", "late last year", "early next month", "the end of this week"
    let (s2, _) = extend_left_mods(b, start, true);
    start = s2;
    // "earlier in the year", "late in the year": the modifier and "in" are
    // part of the date, as in "earlier this year"
    if u == Unit::Year && start == p.s && p.is(b, "the") {
        if let Some(m) = prev_tok(b, p.s)
            .filter(|i| i.is(b, "in"))
            .and_then(|i| prev_tok(b, i.s))
            .filter(|m| m.cue(b, cue::MODIFIER) && !m.is(b, "mid"))
        {
            start = m.s;
        }
    }
    if vague_quarter && p.cue(b, cue::SAME) {
        if let Some(e) = year_before_after(b, end) {
            let value = same_period_a_year_before(b, cands, st, t.s).or(anchor.map(|a| yy(a.year - 1)));
            push(cands, Rule::DateNarrative, start, e, value);
            return;
        }
    }
    if vague_quarter {
        // "the latest quarter" is the last completed one; "the quarter"
        // the one the story is about.
        let recent = if p.is(b, "latest") { None } else { st.last_quarter };
        // "the quarter a year ago": that quarter a year before
        let (end, back) = match year_before_after(b, end) {
            Some(e) => (e, 1),
            None => (end, 0),
        };
        let value = match (recent, anchor) {
            (Some((y, q)), _) => Some(format!("{:04}-Q{}", y - back, q)),
            (None, Some(a)) => {
                let d = a.add_months(-3);
                Some(format!("{:04}-Q{}", d.year - back, d.quarter()))
            }
            _ => None,
        };
        // the story goes on about that quarter: "a year earlier" still compares with it
        if back == 0 {
            if let Some(v) = value.as_deref() {
                st.last_quarter = v[..4].parse().ok().map(|y| (y, v.as_bytes()[6] - b'0'));
                st.last_quarter_pos = t.s;
            }
        }
        push(cands, Rule::DateQuarter, start, end, value);
        return;
    }
    let off = match off {
        Some(o) => o,
        None => return,
    };
    if narrative {
        // "the same month a year ago", "the same month last year": a year before the story's month
        let mut end = end;
        let mut off = off;
        if p.is(b, "same") {
            if let Some(e) = year_before_after(b, end) {
                end = e;
                off -= if u == Unit::Month { 12 } else { 1 };
            }
        }
        // a day counts from the story's last day; with none named, it names none
        if u == Unit::Day {
            if let Some(d) = last_date_day(cands) {
                push(cands, Rule::DateNarrative, start, end, Some(ymd(d.add_days(off as i64))));
            }
            return;
        }
        // the story's last date, else the publication date for "the
        // previous year"; "that month" with no month before it names none
        let value = match (u, last_ref(cands), anchor) {
            // a whole year the story reports on has begun: a later year it
            // named is a forecast's
            (Unit::Year, last, Some(a)) if p.cue(b, cue::WHOLE) => {
                Some(yy(last.map_or(a.year, |(y, _)| y.min(a.year))))
            }
            (Unit::Year, Some((y, _)), _) => Some(format!("{:04}", y + off)),
            (Unit::Month, Some((y, Some(m))), _) => Date::new(y, m, 1).map(|d| {
                let d = d.add_months(off);
                ym(d.year, d.month)
            }),
            (_, _, Some(a)) if off == -1 => normalize(
                &Parts { unit: Some(u), relation: Some(Relation::Last), ..Parts::default() },
                Some(a),
                Tense::Unknown,
            ),
            _ => return,
        };
        push(cands, Rule::DateNarrative, start, end, value);
        return;
    }
    let a = match anchor {
        Some(a) => a,
        None => {
            push(cands, Rule::DateRelativeUnit, start, end, None);
            return;
        }
    };
    let value = match (u, off) {
        (Unit::Weekend, 9) => {
            // "the weekend": the most recent one (or coming, with a future cue)
            let wd = a.weekday() as i64;
            let d = if future_cue(b, start) || wd >= 5 { a } else { a.add_days(-7) };
            format!("{}-WE", yw(d))
        }
        (Unit::Quarter, _) if is_period => return,
        _ => {
            let relation = match off {
                -1 => Relation::Last,
                0 => Relation::This,
                _ => Relation::Next,
            };
            let parts = Parts { unit: Some(u), relation: Some(relation), ..Parts::default() };
            let Some(v) = normalize(&parts, Some(a), Tense::Unknown) else { return };
            if u == Unit::Quarter {
                st.last_quarter = v[..4].parse().ok().map(|y| (y, v.as_bytes()[6] - b'0'));
                st.last_quarter_pos = t.s;
            }
            v
        }
    };
    // "the summer of last year": that year's season
    let value = match season_of_year(b, start) {
        Some(sn) if u == Unit::Year && value.len() == 4 => format!("{value}-{}", normalize::SEASONS[sn as usize]),
        _ => value,
    };
    // "this year's" possessive: span excludes 's (separate token anyway)
    push(cands, Rule::DateRelativeUnit, start, end, Some(value));
}

/// The season named at `start` in "the summer of ..." (the index of
/// `normalize::SEASONS`), if the phrase opens so.
fn season_of_year(b: &[u8], start: usize) -> Option<u8> {
    let the = next_tok(b, start).filter(|t| t.s == start && t.is(b, "the"))?;
    let w = next_tok(b, the.e)?;
    next_tok(b, w.e).filter(|o| o.is(b, "of"))?;
    DATE_WORDS.iter().find_map(|&(x, k)| match k {
        Kw::Season(sn) if w.is(b, x) => Some(sn),
        _ => None,
    })
}

/// "the same period last year", "the corresponding period a year earlier":
/// the story's quarter when one was named nearby, else its month, else its
/// year, a year before.
fn same_period_a_year_before(b: &[u8], cands: &[Cand], st: &State, pos: usize) -> Option<String> {
    if let Some((y, q)) = st.quarter_within(b, cands, pos, AGO_QUARTER_REACH) {
        return Some(format!("{:04}-Q{}", y - 1, q));
    }
    match last_ref(cands)? {
        (y, Some(m)) => Some(ym(y - 1, m)),
        (y, None) => Some(yy(y - 1)),
    }
}

/// The year (and month) of the last date proposed so far, the story's
/// reference time: what "that year" and "the following month" count from.
/// Read back from the candidates only when such a date asks for it.
fn last_ref(cands: &[Cand]) -> Option<(i32, Option<u8>)> {
    cands.iter().rev().filter(|c| c.emit && c.kind == TimexType::Date).find_map(|c| {
        let v = c.value.as_deref()?.as_bytes();
        let digits = |r: std::ops::Range<usize>| {
            let d = v.get(r)?;
            d.iter().all(u8::is_ascii_digit).then(|| d.iter().fold(0, |n, &c| n * 10 + (c - b'0') as i32))
        };
        let y = digits(0..4).filter(|_| v.len() == 4 || v[4] == b'-')?;
        let month = digits(5..7).filter(|_| v.len() == 7 || v.get(7) == Some(&b'-')).map(|m| m as u8);
        Some((y, month))
    })
}

/// The day of the last date proposed so far that names one (`2024-03-08`):
/// what "the previous Friday" counts from.
fn last_day(cands: &[Cand]) -> Option<Date> {
    cands
        .iter()
        .rev()
        .filter(|c| c.emit && c.kind == TimexType::Date)
        .find_map(|c| c.value.as_deref().filter(|v| v.len() == 10).and_then(Date::parse_iso))
}

/// The story's last calendar date if it names a day: what "the next day"
/// counts from. After a month or a year ("last October, when ... that same
/// day") the day is not known.
fn last_date_day(cands: &[Cand]) -> Option<Date> {
    let c = cands.iter().rev().filter(|c| c.emit && c.kind == TimexType::Date).find(|c| {
        c.value.as_deref().is_some_and(|v| v.len() >= 4 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit))
    })?;
    c.value.as_deref().filter(|v| v.len() == 10).and_then(Date::parse_iso)
}

/// The year "year-end" means, published on `a`: the present one, or in its
/// first quarter the one just ended unless the clause looks ahead ("will
/// close by year end"). TIMEX3 gives the end of a period as the period
/// (with a modifier gazette does not write).
fn year_end(a: Date, future: bool) -> String {
    yy(if a.month <= 3 && !future { a.year - 1 } else { a.year })
}

/// If `x` ends "year-ago" or "year-earlier" (with "the" before it), the
/// compound's start and the token before it.
fn year_ago_compound_before(b: &[u8], x: Tok) -> Option<(usize, Option<Tok>)> {
    if x.s < 6 || b[x.s - 1] != b'-' || !x.cue(b, cue::AGO) {
        return None;
    }
    let y = prev_tok(b, x.s - 1).filter(|y| y.is(b, "year") && y.e == x.s - 1)?;
    let before = prev_tok(b, y.s);
    match before {
        Some(the) if the.is(b, "the") => Some((the.s, prev_tok(b, the.s))),
        _ => Some((y.s, before)),
    }
}

/// If "a year ago", "a year earlier" or "last year" follows `pos`, its end.
fn year_before_after(b: &[u8], pos: usize) -> Option<usize> {
    let w1 = next_tok(b, pos).filter(|w| w.any(b, &["last", "a"]))?;
    let w2 = next_tok(b, w1.e)?;
    if w1.is(b, "last") && w2.is(b, "year") {
        return Some(w2.e);
    }
    let w3 = next_tok(b, w2.e)?;
    (w1.is(b, "a") && w2.is(b, "year") && w3.cue(b, cue::AGO)).then_some(w3.e)
}

/// Extends a date span to the left over modifiers that TimeML includes:
/// "early", "late", "mid-", "pre-", "post-", "earlier", "later", "the end of", "the
/// beginning of", "the middle of". `allow_the` also takes a lone "the"
/// before a century ("the 20th century"), a decade in words ("the
/// nineties") or one with a modifier ("the mid-1990s"), not before a decade
/// in figures alone ("the 1990s" is "1990s"). Returns (new start, changed).
fn extend_left_mods(b: &[u8], start: usize, allow_the: bool) -> (usize, bool) {
    let mut s = start;
    let mut changed = false;
    // "mid-1996", "mid-November", "post-1990" (the prefix in the span,
    // the year its value, as TimeML writes it)
    if s >= 4 && b[s - 1] == b'-' {
        if let Some(p) = prev_tok(b, s - 1) {
            if p.e == s - 1 && p.cue(b, cue::PREFIX) {
                s = p.s;
                changed = true;
            }
        }
    }
    if let Some(p) = prev_tok(b, s) {
        let mut buf = [0u8; 20];
        let w = lower(b, p, &mut buf);
        if word_cues_in(w, cue::MODIFIER) != 0 {
            s = p.s;
            changed = true;
            if let Some(pp) = prev_tok(b, s) {
                if pp.is(b, "the") && allow_the {
                    s = pp.s;
                }
            }
        } else if w == b"of" {
            if let Some(x) = prev_tok(b, p.s) {
                if x.cue(b, cue::PART_OF) {
                    if let Some(th) = prev_tok(b, x.s) {
                        if th.is(b, "the") {
                            s = th.s;
                            changed = true;
                        }
                    }
                }
            }
        } else if w == b"the" && allow_the {
            // only for decades / centuries: caller decides via allow_the
            let after = next_tok(b, start);
            if let Some(a) = after {
                let t = &b[a.s..];
                let is_decade = a.is_num(b) && a.e < b.len() && b[a.e] == b's';
                let is_century = a.is_num(b)
                    && t.len() > a.e - a.s
                    && next_tok(b, a.e + 2).map(|u| u.is(b, "century")).unwrap_or(false);
                // decades in words all end "-ies" ("the nineties")
                let is_word_decade = a.is_word(b)
                    && b[a.s..a.e].len() > 3
                    && b[a.e - 3..a.e].eq_ignore_ascii_case(b"ies")
                    && DATE_WORDS.iter().any(|&(w, k)| matches!(k, Kw::DecadeWord(_)) && a.is(b, w));
                // a decade in figures alone leaves it out ("in the 1960s",
                // "the 70s" are "1960s", "70s" in TimeML); one with a
                // modifier ("the mid-1990s"), in words ("the nineties") or a
                // century ("the 20th century") keeps it
                if is_century || is_word_decade || is_decade && changed {
                    s = p.s;
                    changed = true;
                }
            }
        }
    }
    (s, changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_is_cut_where_a_split_into_lines_cuts_it() {
        // `head_of` as written over `split_inclusive`, for reference.
        fn by_split(text: &str) -> &str {
            let is_body = |line: &str| {
                let t = line.trim_end();
                t.len() > 150 || t.split_whitespace().nth(7).is_some() && t.ends_with(['.', '"', '\u{201d}'])
            };
            let (mut end, mut lines) = (0, 0);
            for line in text.split_inclusive('\n') {
                if line.trim().is_empty() {
                    end += line.len();
                    continue;
                }
                if is_body(line) {
                    end += line.len().min(300);
                    break;
                }
                end += line.len();
                lines += 1;
                if lines == 15 || end >= 1000 {
                    break;
                }
            }
            let mut end = end.min(1000);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            &text[..end]
        }
        let body = "The council voted on Tuesday to widen the road past the school, officials said.";
        let long = "word ".repeat(400);
        let mut texts = vec![
            String::new(),
            "\n".into(),
            "\n\n  \n".into(),
            "HEADLINE\nBy A Writer\n\nOSLO, March 3 (Wire) - ".to_string() + body,
            format!("{body}\n{body}"),
            format!("Short one\r\nShort two\r\n\r\n{long}"),
            format!("{long}\nnext"),
            "a\n".repeat(40),
            "line of ünïcödé words here\n".repeat(60),
            format!("Eight words in this line end with a quote \u{201d}\n{body}"),
            "no newline at all".into(),
        ];
        texts.push(texts[3].repeat(3));
        for t in &texts {
            assert_eq!(head_of(t), by_split(t), "{t:?}");
        }
    }

    fn d(s: &str) -> Option<Date> {
        Date::parse_iso(s)
    }

    /// (text, anchor, expected span text, expected value)
    const DATES_ABSOLUTE: &[(&str, &str, &str, &str)] = &[
        ("The deal closed on 2023-03-14 in Oslo.", "2023-03-20", "2023-03-14", "2023-03-14"),
        ("Filed 14/03/2023 by the clerk.", "2023-03-20", "14/03/2023", "2023-03-14"),
        ("Filed 03/14/2023 by the clerk.", "2023-03-20", "03/14/2023", "2023-03-14"),
        ("Meeting set for 14.03.2023 at noon.", "2023-03-20", "14.03.2023", "2023-03-14"),
        ("It opened on 14 March 2023 after delays.", "2023-03-20", "14 March 2023", "2023-03-14"),
        ("Back in nineteen ninety-six, prices fell.", "1998-02-27", "nineteen ninety-six", "1996"),
        ("It began in January nineteen ninety-seven.", "1998-02-27", "January nineteen ninety-seven", "1997-01"),
        ("Nobody forgot nineteen seventy.", "1998-02-27", "nineteen seventy", "1970"),
        ("It opened on March 14, 2023, after delays.", "2023-03-20", "March 14, 2023", "2023-03-14"),
        ("The vote is on Mar. 14 in the capital.", "2023-03-01", "Mar. 14", "2023-03-14"),
        ("It happened on the 14th of March.", "2023-04-01", "the 14th of March", "2023-03-14"),
        ("Published Tuesday 14/03/2023 in print.", "2023-03-14", "Tuesday 14/03/2023", "2023-03-14"),
        ("Sales fell in March 2023 across the region.", "2023-06-01", "March 2023", "2023-03"),
        ("Prices soared in the 1990s and again later.", "2023-06-01", "1990s", "199"),
        ("Output peaked in mid-2020 before falling.", "2023-06-01", "mid-2020", "2020"),
        ("Talks resume in early March.", "2023-02-01", "early March", "2023-03"),
        ("Revenue grew in Q3 2022 on strong demand.", "2023-06-01", "Q3 2022", "2022-Q3"),
        ("The budget for fiscal 2023 was approved.", "2023-06-01", "fiscal 2023", "2023"),
        ("The film opened on March 9th nationwide.", "2023-03-20", "March 9th", "2023-03-09"),
        ("The plant was built in 1987 by the firm.", "2023-03-20", "1987", "1987"),
        ("Flowers bloom in spring 2023 here.", "2023-01-20", "spring 2023", "2023-SP"),
        ("Profit rose in the third quarter of 2021.", "2023-01-20", "the third quarter of 2021", "2021-Q3"),
        ("He was born on Sept. 2, 1956, in a village.", "2023-01-20", "Sept. 2, 1956", "1956-09-02"),
        ("The 20th century saw two wars.", "2023-01-20", "The 20th century", "19"),
    ];

    const DATES_RELATIVE: &[(&str, &str, &str, &str)] = &[
        ("Officials said today that talks failed.", "2023-03-17", "today", "2023-03-17"),
        ("The minister resigned yesterday.", "2023-03-17", "yesterday", "2023-03-16"),
        ("The court rules tomorrow.", "2023-03-17", "tomorrow", "2023-03-18"),
        ("The company said Tuesday it would cut jobs.", "2023-03-17", "Tuesday", "2023-03-14"),
        ("Hearings resume the week of April 10.", "2023-03-17", "the week of April 10", "2023-W15"),
        // a date fronted in its sentence takes the tense of the main clause
        ("On Tuesday, the league plans to publish its fixtures.", "2023-03-13", "Tuesday", "2023-03-14"),
        ("Until Friday, officials had refused to comment.", "2023-03-13", "Friday", "2023-03-10"),
        ("In January, a storm flooded the harbour.", "2023-10-20", "January", "2023-01"),
        ("The envoy could arrive as early as Thursday.", "2023-03-13", "Thursday", "2023-03-16"),
        ("The squad would be flying to the United Kingdom Thursday.", "2023-03-13", "Thursday", "2023-03-16"),
        ("The company said Friday it would cut jobs.", "2023-03-17", "Friday", "2023-03-17"),
        ("The board will meet Monday to decide.", "2023-03-17", "Monday", "2023-03-20"),
        ("Police arrested him last Tuesday.", "2023-03-17", "last Tuesday", "2023-03-14"),
        ("The festival returns this March.", "2023-01-10", "this March", "2023-03"),
        ("Shares slid last week on fears.", "2023-03-17", "last week", "2023-W10"),
        ("The plant opens next month.", "2023-03-17", "next month", "2023-04"),
        ("The bridge collapsed two years ago.", "2023-03-17", "two years ago", "2021"),
        ("Sales slowed earlier this year.", "2023-03-17", "earlier this year", "2023"),
        ("Inflation is now falling.", "2023-03-17", "now", "PRESENT_REF"),
        ("He recently moved to Lisbon.", "2023-03-17", "recently", "PAST_REF"),
        ("Costs may rise in the future.", "2023-03-17", "the future", "FUTURE_REF"),
        ("Profits doubled last year.", "2023-03-17", "last year", "2022"),
        ("Output rose this year.", "2023-03-17", "this year", "2023"),
        ("Net income fell in the third quarter.", "2023-11-17", "the third quarter", "2023-Q3"),
        ("It posted third-quarter earnings of $3 million.", "2023-11-17", "third-quarter", "2023-Q3"),
        ("The store reopened last April.", "2023-03-17", "last April", "2022-04"),
        ("Rain fell over the weekend.", "2023-03-13", "the weekend", "2023-W10-WE"),
    ];

    /// (text, anchor) with no date expected anywhere.
    const NOT_DATES: &[(&str, &str)] = &[
        ("Nineteen people were hurt and nineteen more fled.", "2023-03-17"),
        ("Troops march through the city.", "2023-03-17"),
        ("The team won 2-1 in extra time.", "2023-03-17"),
        ("The price was $1999 per unit.", "2023-03-17"),
        ("Call 555-1234 for tickets.", "2023-03-17"),
        ("Upgrade to version 3.14 for free.", "2023-01-01"),
        ("He got the second prize.", "2023-03-17"),
        ("They hired 2000 workers.", "2023-03-17"),
        ("The contract runs for two years.", "2023-03-17"),
        ("She waited three months.", "2023-03-17"),
        ("The talks lasted the past two weeks.", "2023-03-17"),
        ("The office opens at 10 a.m. daily.", "2023-03-17"),
        ("It happens every week.", "2023-03-17"),
        ("He lives at 1420 Elm Street.", "2023-03-17"),
        ("April Smith won the race.", "2023-03-17"),
        ("About 3/4 of voters agreed.", "2023-03-17"),
        ("The current account deficit widened.", "2023-03-17"),
        ("Theresa May said the vote may slip.", "2023-03-17"),
        ("Officials may march in protest.", "2023-03-17"),
        ("Thousands will march through the capital.", "2023-03-17"),
        ("He finished second, and the second race starts at noon.", "2023-03-17"),
        ("Arsenal beat Chelsea 3-1 and the Lakers won 108-102.", "2023-03-17"),
        ("The polls close at 10:30 p.m. local time.", "2023-03-17"),
        ("Tickets cost $20.15 or 1,999 euros.", "2023-03-17"),
        ("Call +44 20 7946 0958 or (202) 555-0147.", "2023-03-17"),
        ("Install release 2.0.1 or version 10.12.", "2023-03-17"),
        ("The embassy is at 1600 Pennsylvania Avenue.", "2023-03-17"),
        ("Flight 2012 landed at gate 12.", "2023-03-17"),
    ];

    /// The dates of `text` as the pipeline finds them: trigger words told
    /// by the names stage's word classes.
    fn by_word_classes(f: &DateFinder, text: &str, tokens: &[Token], anchor: Option<Date>) -> Vec<DateMention> {
        let an = crate::patterns::names::analyze(text, tokens, &crate::gazetteer::Gazetteers::builtin());
        f.find_at_tokens(text, tokens, anchor, an.date_starts())
    }

    /// The dates of `text` (checking that the three entry points agree).
    fn run(text: &str, anchor: &str) -> Vec<(String, Option<String>)> {
        run_kinds(text, anchor).into_iter().filter(|(k, _, _)| *k == TimexType::Date).map(|(_, m, v)| (m, v)).collect()
    }

    /// The dates, durations and sets of `text` (checking that the three
    /// entry points agree).
    fn run_kinds(text: &str, anchor: &str) -> Vec<(TimexType, String, Option<String>)> {
        let f = DateFinder::new();
        let tokens = crate::tokenize::tokenize(text);
        let ms = f.find(text, d(anchor));
        assert_eq!(ms, f.find_in_tokens(text, &tokens, d(anchor)), "{text}");
        assert_eq!(ms, by_word_classes(&f, text, &tokens, d(anchor)), "{text}");
        ms.into_iter().map(|m| (m.kind, text[m.start..m.end].to_string(), m.value)).collect()
    }

    #[test]
    fn durations_and_sets_are_no_dates() {
        use TimexType::{Duration, Set};
        let cases: &[(&str, TimexType, &str, &str)] = &[
            ("The strike lasted three weeks.", Duration, "three weeks", "P3W"),
            ("Output fell over the past six months.", Duration, "the past six months", "P6M"),
            ("He signed a four-year contract.", Duration, "four-year", "P4Y"),
            ("The mine has run for more than 40 years.", Duration, "more than 40 years", "P40Y"),
            ("Talks took about 10 days.", Duration, "about 10 days", "P10D"),
            ("The loan runs 2.5 years.", Duration, "2.5 years", "P2.5Y"),
            ("The temple stood 1,000 years.", Duration, "1,000 years", "P1000Y"),
            ("The fight went on for a few months.", Duration, "a few months", "PXM"),
            ("Ferries were cut in recent weeks.", Duration, "recent weeks", "PXW"),
            ("The river has shifted across three centuries.", Duration, "three centuries", "P300Y"),
            ("Results came in the first nine months.", Duration, "the first nine months", "P9M"),
            ("The paper is printed every Sunday.", Set, "every Sunday", "XXXX-WXX-7"),
            ("Rates are reviewed each January.", Set, "each January", "XXXX-01"),
            ("Floods return every winter.", Set, "every winter", "XXXX-WI"),
            ("The board meets every month.", Set, "every month", "P1M"),
            ("Trains run every day.", Set, "every day", "P1D"),
            ("The market is busy every weekend.", Set, "every weekend", "XXXX-WXX-WE"),
        ];
        for text in ["A six-year-old boy was found safe.", "The driver, 52 years old, was unhurt."] {
            let got = run_kinds(text, "2024-03-14");
            assert!(got.is_empty(), "{text}: an age is no duration, got {got:?}");
        }
        for &(text, kind, mention, value) in cases {
            let got = run_kinds(text, "2024-03-14");
            let want = (kind, mention.to_string(), Some(value.to_string()));
            assert!(got.contains(&want), "{text}: want {want:?}, got {got:?}");
            assert!(got.iter().all(|(k, _, _)| *k != TimexType::Date), "{text}: a date in {got:?}");
        }
    }

    #[test]
    fn token_starts_are_the_scan_starts() {
        let f = DateFinder::new();
        let texts = [
            "Revenue grew in Q3 2022 and q4; the A380 flew in 2019, G20 met on 3/4.",
            "Zürich, 14 März 2023 — Décembre 2021, naïve June 2020, 8ème March 3",
            "mid-March, mid-2020, the 1990s, 20th-century, 1,999 votes on 12.03.2021",
            "x1990 1990x 19th 2023-03-14T10:00 ABC2023 March2023 Jan. 5th 05/06/07",
            "東京2020 was held in 2021; Łódź2 on Tuesday, 2 May; 2",
            "Trigger words inside non-ASCII words: éMarch 3, 2020 and ÀMonday",
            "Mar",
            "",
        ];
        for t in texts {
            let tokens = crate::tokenize::tokenize(t);
            for anchor in [None, d("2023-03-20")] {
                assert_eq!(f.find(t, anchor), f.find_in_tokens(t, &tokens, anchor), "{t}");
                assert_eq!(f.find(t, anchor), by_word_classes(&f, t, &tokens, anchor), "{t}");
            }
        }
    }

    fn check(cases: &[(&str, &str, &str, &str)]) {
        let mut bad = Vec::new();
        for &(text, anchor, span, value) in cases {
            let got = run(text, anchor);
            if !got.iter().any(|(s, v)| s == span && v.as_deref() == Some(value)) {
                bad.push(format!("{:?} @{} want {:?}={} got {:?}", text, anchor, span, value, got));
            }
        }
        assert!(bad.is_empty(), "failures:\n{}", bad.join("\n"));
    }

    #[test]
    fn dates_absolute() {
        check(DATES_ABSOLUTE);
    }

    #[test]
    fn dates_relative() {
        check(DATES_RELATIVE);
    }

    #[test]
    fn not_dates() {
        let mut bad = Vec::new();
        for &(text, anchor) in NOT_DATES {
            let got = run(text, anchor);
            if !got.is_empty() {
                bad.push(format!("{:?} got {:?}", text, got));
            }
        }
        assert!(bad.is_empty(), "false dates:\n{}", bad.join("\n"));
    }

    #[test]
    fn ranges_and_order() {
        let f = DateFinder::new();
        let t = "The summit runs 21-22 November 2023 in Paris.";
        let got: Vec<_> = f
            .find(t, d("2023-11-01"))
            .into_iter()
            .map(|m| (t[m.start..m.end].to_string(), m.value.unwrap_or_default()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("21".to_string(), "2023-11-21".to_string()),
                ("22 November 2023".to_string(), "2023-11-22".to_string())
            ]
        );
        // An unambiguous numeric date fixes the order for the ambiguous one.
        let t = "Filed 25/12/2022, amended 03/04/2023.";
        let ms = f.find(t, None);
        assert_eq!(ms.len(), 2);
        assert_eq!(ms[1].value.as_deref(), Some("2023-04-03"));
        assert!(ms[1].ambiguous);
        let t = "Filed 12/25/2022, amended 03/04/2023.";
        let ms = f.find(t, None);
        assert_eq!(ms[1].value.as_deref(), Some("2023-03-04"));
        let ms = DateFinder::with_order(DateOrder::Mdy).find("On 03/04/2023 it rained.", None);
        assert_eq!(ms[0].value.as_deref(), Some("2023-03-04"));
    }

    #[test]
    fn sorted_non_overlapping_and_char_boundaries() {
        let f = DateFinder::new();
        let t = "Zürich — On Monday, March 3, 2021, and last week — “today” 1998.";
        let ms = f.find(t, d("2021-03-05"));
        for w in ms.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
        for m in &ms {
            assert!(t.is_char_boundary(m.start) && t.is_char_boundary(m.end));
        }
        let spans: Vec<&str> = ms.iter().map(|m| &t[m.start..m.end]).collect();
        assert_eq!(spans, vec!["Monday, March 3, 2021", "last week", "today", "1998"]);
    }

    #[test]
    fn dateline() {
        let cases: &[(&str, &str, &str)] = &[
            ("LONDON 1996-08-30\nShares rose.", "1996-08-30", "1996-08-30"),
            ("Tuesday 14/03/2023\nThe council met.", "2023-03-14", "Tuesday 14/03/2023"),
            ("March 01, 2008\nBy a staff writer", "2008-03-01", "March 01, 2008"),
            ("WASHINGTON (AP) — March 3, 2021 — Lawmakers met.", "2021-03-03", "March 3, 2021"),
        ];
        for &(text, want, span) in cases {
            let (dt, r) = find_dateline(text).expect(text);
            assert_eq!(dt.to_string(), want);
            assert_eq!(&text[r], span);
        }
        let mdy = DateFinder::with_order(DateOrder::Mdy);
        assert_eq!(mdy.dateline("Tuesday 03/04/2023\nRain.").unwrap().0.to_string(), "2023-03-04");
        assert_eq!(find_dateline("Tuesday 03/04/2023\nRain.").unwrap().0.to_string(), "2023-04-03");
        let late = format!("{}On March 3, 2021 it rained.", "word ".repeat(80));
        assert!(find_dateline(&late).is_none());
        assert!(find_dateline("No date here at all.").is_none());
        // After a headline block.
        let block = "NEWS
Local politics
Council approves new budget for schools
Tuesday 14/03/2023

The council met.";
        assert_eq!(find_dateline(block).unwrap().0.to_string(), "2023-03-14");
        // Not in the body: the first paragraph ends the head.
        let body = "Budget approved
The council approved the budget after a long debate on Monday.
A vote on 3 May 2024.";
        assert!(find_dateline(body).is_none());
    }

    #[test]
    fn date_type() {
        let x = Date::new(2024, 2, 29).unwrap();
        assert_eq!(x.to_string(), "2024-02-29");
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2023, 13, 1).is_none());
        assert!(Date::new(2023, 4, 31).is_none());
        assert_eq!(Date::parse_iso("2023-03-14"), Date::new(2023, 3, 14));
        assert_eq!(Date::parse_iso("2023-03-14T10:00:00Z"), Date::new(2023, 3, 14));
        assert_eq!(Date::parse_iso("2023-3-14"), None);
        assert_eq!(Date::new(2023, 3, 14).unwrap().weekday(), 1); // Tuesday
        assert_eq!(Date::new(1970, 1, 1).unwrap().weekday(), 3);
        assert_eq!(Date::new(2000, 1, 1).unwrap().weekday(), 5);
        assert_eq!(x.add_days(1).to_string(), "2024-03-01");
        assert_eq!(x.add_days(-366).to_string(), "2023-02-28");
        assert_eq!(Date::new(2023, 1, 31).unwrap().add_months(1).to_string(), "2023-02-28");
        assert_eq!(Date::new(2021, 1, 3).unwrap().iso_week(), (2020, 53));
        assert_eq!(Date::new(2023, 3, 14).unwrap().iso_week(), (2023, 11));
        for z in -800_000..-799_000i64 {
            assert_eq!(Date::from_days(z).to_days(), z);
        }
        assert!(Date::new(1999, 12, 31) < Date::new(2000, 1, 1));
    }

    #[test]
    fn decade_words_end_in_ies() {
        // extend_left_mods looks a decade word up only after this suffix
        for &(w, k) in DATE_WORDS {
            if matches!(k, Kw::DecadeWord(_)) {
                assert!(w.ends_with("ies") && w.len() > 3, "{w}");
            }
        }
    }

    #[test]
    fn the_cue_shape_turns_away_no_word_of_its_classes() {
        // `cue_shape` is a quick test before the lookup: it must keep every
        // word of the classes asked, in any case
        let tsv = include_str!("../../../gazetteers/rules/date_cues.tsv");
        for line in tsv.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let w = line.split('\t').next().unwrap().as_bytes();
            let all = cues_of(w);
            let upper = w.to_ascii_uppercase();
            let t = Tok { s: 0, e: w.len() };
            for bit in 0..128 {
                let m = 1u128 << bit;
                assert_eq!(word_cues_in(w, m), all & m, "{line}");
                assert_eq!(t.cues_in(&upper, m), all & m, "{line}");
            }
        }
    }

    #[test]
    fn send_sync() {
        fn assert_ss<T: Send + Sync>() {}
        assert_ss::<DateFinder>();
    }
}
