//! What the rest of the article says of a name: how it writes a common
//! word elsewhere ([`NameEvidence`]), whether it names a company in full,
//! lists it beside others, or has it speak or lead a title and a name.

use super::entries::case_ok;
use super::*;

/// True if tokens `[s, e)` stand in a list beside a listed company
/// ("Microsoft, Alphabet and Meta").
pub(super) fn among_companies(
    text: &str,
    tokens: &[Token],
    an: &Analysis,
    gaz: &Gazetteers,
    s: usize,
    e: usize,
) -> bool {
    listed_beside(text, tokens, an, gaz, s, e, false, ORGS, |p| is_company(gaz, p))
}

/// True if tokens `[s, e)` stand in a list ("X, Y and Z") beside a name
/// with a gazetteer entry `pred` accepts: a comma, "and" or "or" between
/// them. Names in one list are of one kind. With `no_person`, the name
/// beside must be no frequent family name or first name ("Clinton and
/// Bush" are people as often as places).
#[allow(clippy::too_many_arguments)]
pub(super) fn listed_beside(
    text: &str,
    tokens: &[Token],
    an: &Analysis,
    gaz: &Gazetteers,
    s: usize,
    e: usize,
    no_person: bool,
    kinds: u16,
    pred: impl Fn(&Posting) -> bool + Copy,
) -> bool {
    let n = tokens.len();
    let joint = |i: usize| matches!(tokens[i].bytes(text), b"," | b"and" | b"or" | b"&");
    let name_at = |k: usize| {
        tokens[k].is_capitalized()
            && !(no_person && (frequent_surname(an, gaz, k) || an.info[k].has(GIVEN) && !an.info[k].has(PLACE)))
    };
    let left = s >= 2
        && joint(s - 1)
        && (s.saturating_sub(5)..s - 1).any(|k| name_at(k) && has_posting(an, gaz, k, s - 1, kinds, pred));
    let right =
        e + 1 < n && joint(e) && name_at(e + 1) && multi_hit(an, e + 1, (e + 5).min(n), kinds, pred, gaz).is_some();
    left || right
}

/// The rows of the organizations the article names by their full name (not
/// an alias), as written in the list.
pub(super) fn orgs_named_in_full(text: &str, tokens: &[Token], an: &Analysis, gaz: &Gazetteers) -> Vec<usize> {
    let map = gaz.map();
    let mut rows = Vec::new();
    for &(s, h) in &an.hits {
        for p in map.postings(h.value).filter_map(Posting::decode) {
            if p.kind == Kind::Organization && !p.alias && case_ok(text, tokens, an, s, h.end, &p) {
                rows.push(p.offset);
            }
        }
    }
    rows
}

/// How the article writes its common words: whether each is written as a
/// name mid-sentence, and whether it is ever written in lowercase. Built
/// once per article, on the first question.
pub(super) struct NameEvidence {
    /// Vocabulary id of the word -> `MID_CAP | IN_LOWER` bits.
    words: FastMap<u32, u8>,
    /// Vocabulary id of a word -> whether the article writes it, as a
    /// lone word, before a verb of saying or a title and a name
    /// (asked once per word).
    speaks: FastMap<u32, bool>,
}

const MID_CAP: u8 = 1;

const IN_LOWER: u8 = 2;

impl NameEvidence {
    pub(super) fn new(tokens: &[Token], an: &Analysis) -> NameEvidence {
        // Common words are in the vocabulary: their ids tell them apart.
        let mut words: FastMap<u32, u8> = FastMap::with_capacity_and_hasher(tokens.len() / 4, Default::default());
        for (i, t) in tokens.iter().enumerate() {
            if !t.is_word() || !an.info[i].has(COMMON) {
                continue;
            }
            let bit = if t.is(LOWER) {
                IN_LOWER
            } else if t.is(CAP) && !t.is(UPPER) && !t.is(SENT_START) && !an.caps_line[i] {
                MID_CAP
            } else {
                continue;
            };
            *words.entry(an.ids.vocabulary_id(i)).or_default() |= bit;
        }
        NameEvidence { words, speaks: FastMap::default() }
    }

    /// True if the word of token `s` is never written in lowercase in the
    /// article and, somewhere in it, stands alone before a verb of saying
    /// or a title and a name ("Ford has announced", "Ford chief executive
    /// Jim Farley"): the organization there, and so everywhere.
    pub(super) fn speaks_elsewhere(
        &mut self,
        text: &str,
        tokens: &[Token],
        an: &Analysis,
        gaz: &Gazetteers,
        s: usize,
    ) -> bool {
        let id = an.ids.vocabulary_id(s);
        if self.words.get(&id).is_some_and(|b| b & IN_LOWER != 0) {
            return false;
        }
        *self.speaks.entry(id).or_insert_with(|| {
            (0..tokens.len()).any(|k| {
                an.ids.vocabulary_id(k) == id
                    && tokens[k].is(CAP)
                    && !(k > 0 && tokens[k - 1].is_capitalized() && !tokens[k].is(SENT_START))
                    && !(k + 1 < tokens.len() && tokens[k + 1].is_capitalized() && !an.info[k + 1].has(ROLE))
                    && (speech_verb_after(text, tokens, an, k + 1) || title_and_name_after(an, gaz, tokens, k + 1))
            })
        })
    }

    /// True if the word of token `s` is written as a name mid-sentence
    /// somewhere in the article, and never in lowercase.
    pub(super) fn name_elsewhere(&self, an: &Analysis, s: usize) -> bool {
        an.info[s].has(COMMON) && self.words.get(&an.ids.vocabulary_id(s)) == Some(&MID_CAP)
    }
}

/// The end of the longest title starting at token `e` (at most three
/// tokens), where a capitalised name follows it.
fn title_before_name(an: &Analysis, gaz: &Gazetteers, tokens: &[Token], e: usize) -> Option<usize> {
    let k = (e + 1..=(e + 3).min(tokens.len()))
        .rev()
        .find(|&k| has_posting(an, gaz, e, k, CUE_KINDS, |p| is_cue(gaz, p)))?;
    (k < tokens.len() && tokens[k].is_capitalized() && !an.info[k].has(ROLE | HONORIFIC)).then_some(k)
}

/// True if a title and a capitalised name follow token `e - 1` ("Apple
/// CEO Tim Cook", "Ford chief executive Jim Farley").
pub(super) fn title_and_name_after(an: &Analysis, gaz: &Gazetteers, tokens: &[Token], e: usize) -> bool {
    title_before_name(an, gaz, tokens, e).is_some()
}

/// True if a town's office (`civic_titles.txt`) and a capitalised name
/// follow token `e - 1` ("Mobile Mayor Ann Reyes", "Reading Police Chief
/// Dan Cole"; not a party's "Liberal Leader").
pub(super) fn office_and_name_after(text: &str, an: &Analysis, gaz: &Gazetteers, tokens: &[Token], e: usize) -> bool {
    title_before_name(an, gaz, tokens, e)
        .is_some_and(|k| crate::rules::is_civic_title(&text[tokens[e].start()..tokens[k - 1].end()]))
}

/// True if a verb of saying follows token `e - 1`, perhaps after an
/// auxiliary ("Apple said", "Shell has announced").
pub(super) fn speech_verb_after(text: &str, tokens: &[Token], an: &Analysis, e: usize) -> bool {
    let n = tokens.len();
    let k = if e + 1 < n && token_is(text, &tokens[e], &["has", "had", "will", "would"]) { e + 1 } else { e };
    k < n && tokens[k].is(LOWER) && an.info[k].is(W_SPEECH)
}

/// True if `letters` are the initials of the words of `name` ("HP" of
/// "Hewlett-Packard", "GM" of "General Motors"; not "LIN" of "Linde").
pub(super) fn initials_of(name: &str, letters: &str) -> bool {
    let initials = name.split([' ', '-']).filter_map(|w| w.chars().next()).filter(|c| c.is_uppercase());
    letters.chars().count() >= 2 && initials.eq(letters.chars())
}

/// True if the word after tokens `..e` makes a sentence-opening company
/// named by an everyday word the company (`company_subject_words.txt`):
/// a modal before a verb ("Apple will report"), or its shares, people or
/// results, after a possessive or not ("Shell shares fell", "Apple's
/// sales rose").
pub(super) fn subject_word_after(text: &str, tokens: &[Token], an: &Analysis, e: usize) -> bool {
    let n = tokens.len();
    // "Apple's shares fell": the words after the possessive.
    let e = match e + 2 < n
        && matches!(tokens[e].text(text), "'" | "\u{2019}")
        && glued(tokens, e)
        && glued(tokens, e + 1)
        && tokens[e + 1].bytes(text) == b"s"
    {
        true => e + 2,
        false => e,
    };
    e < n
        && tokens[e].is(LOWER)
        && tokens[e].is(SPACE_BEFORE)
        && an.info[e].is(W_COMPANY_SUBJECT)
        && e + 1 < n
        && tokens[e + 1].is(LOWER)
        && tokens[e + 1].is_word()
        // "Mars will be visible": a thing may be, a company acts.
        && tokens[e + 1].text(text) != "be"
}
