//! Which place a place name means, from the article's own geography.
//!
//! Every gazetteer match of a place name proposes all the places of that
//! name (Alexandria in Egypt, Louisiana and Virginia; Georgia the country
//! and the state). [`choose`] keeps one per mention, as geoparsers such as
//! CLIFF-CLAVIN and the Edinburgh Geoparser do, by this evidence, strongest
//! first:
//!
//! 1. **An explicit qualifier**: "Pineville, La.", "London, Ontario",
//!    "Athens, Georgia", "Baldwin County, Ala.". The qualifier settles both
//!    names: the place must lie in the division or country named after the
//!    comma, and the qualifier is that division or country (Ontario the
//!    province, not the city in California). "Washington state" is the
//!    state.
//! 2. **The divisions the article names**: a state or province named in the
//!    article draws its own places ("Texas" makes "Paris" the one in Texas).
//! 3. **Distance to the article's other local places** (within 161 km):
//!    the Alexandria near a Pineville. Capitals and countries do not count
//!    here: international news names capitals far apart.
//! 4. **The divisions and countries its other places lie in.**
//! 5. **Feature and population**: a national capital, then a division's
//!    seat, then the larger place.
//!
//! Places of fewer than [`SMALL`] people (the GeoNames towns down to 1,000)
//! share their names with people, streets and words; one is kept only with
//! evidence: a qualifier, a locative before it ("in Cross Plains", "near
//! West Newton"), or another local place of the article within
//! [`NEAR_KM`].

use crate::entity::{Attrs, Candidate, EntityType, Focus, Resolved, Source};
use crate::gazetteer::{Gazetteers, Kind, PhraseMap, Posting};
use crate::patterns::names::{gazetteer_candidate, Analysis};
use crate::rules::{Rejection, Rule};
use crate::span::Span;
use crate::tokenize::Token;
use crate::tokenize::{CAP, LINE_START, LOWER, SENT_START, SPACE_BEFORE, UPPER};
use std::sync::{Arc, LazyLock};

/// Places with fewer people than this need evidence (see the module docs).
pub const SMALL: u64 = 15_000;

/// A small place this close to another local place of the article is
/// vouched for by it.
pub const NEAR_KM: f64 = 60.0;

/// The acc@161 radius of the geoparsing literature: places this close are
/// "the same area".
const AREA_KM: f64 = 161.0;

/// Candidates for the towns of `towns.tsv` (places of fewer than
/// [`SMALL`] people), which the name rules leave alone: every capitalised
/// match, for [`choose`] to keep only with evidence. A lone word that is
/// also a common English word ("Commerce", "Bath") needs a locative or a
/// qualifier here already.
pub fn towns(text: &str, tokens: &[Token], gaz: &Gazetteers, an: &Analysis, out: &mut Vec<Candidate>) {
    let town = PhraseMap::kind_mask(&[Kind::Town]);
    let given = PhraseMap::kind_mask(&[Kind::GivenName]);
    let bigger = PhraseMap::kind_mask(&[Kind::City, Kind::Country, Kind::Region]);
    let demonym = PhraseMap::kind_mask(&[Kind::Demonym]);
    let names_or_words = PhraseMap::kind_mask(&[
        Kind::GivenName,
        Kind::Surname,
        Kind::NameToken,
        Kind::Demonym,
        Kind::CommonWord,
        Kind::Role,
        Kind::Honorific,
        Kind::Organization,
    ]);
    let push = |s: usize, h: crate::gazetteer::Hit, out: &mut Vec<Candidate>| {
        let span = Span::new(tokens[s].start(), tokens[h.end - 1].end());
        for p in gaz.map().postings(h.value).filter_map(Posting::decode).filter(|p| p.kind == Kind::Town) {
            if let Some(c) = gazetteer_candidate(gaz, p, span) {
                out.push(c);
            }
        }
    };
    let unlisted: Vec<String> = out
        .iter()
        .filter(|c| c.rule == Rule::PlaceQualifiedUnlisted)
        .map(|c| crate::gazetteer::fold::key_of(&text[c.span.start..c.span.end]))
        .collect();
    // Matches turned down for want of evidence, and the names the article
    // vouches for as towns somewhere.
    let mut pending = Vec::new();
    let mut vouched = Vec::new();
    for &(s, h) in &an.hits {
        if PhraseMap::kinds(h.value) & town == 0 {
            continue;
        }
        let e = h.end;
        let words = || tokens[s..e].iter().filter(|t| t.is_word());
        if !words().all(|t| t.is(CAP)) || tokens[s + 1..e].iter().any(|t| t.is(LINE_START)) {
            continue;
        }
        // "St. Anne's Hospital": a saint's name, not the town of that name.
        if crate::patterns::names::saint_possessive(text, tokens, an, s, e) {
            continue;
        }
        let locative = local_evidence(text, tokens, an, s, e);
        // "X, Y" (a qualifier), or "X, in Y" (where it lies: "Millbrook, in
        // Dale County, voted ..."; not "of": "Jane Freeman, of Millbrook";
        // nor a date: "Tanner, in June").
        let qualified = e + 1 < tokens.len()
            && tokens[e].is_punct(text, ',')
            && (tokens[e + 1].is(CAP)
                || e + 2 < tokens.len()
                    && tokens[e + 2].is(CAP)
                    && !an.is_date_trigger(e + 2)
                    && matches!(tokens[e + 1].bytes(text), b"in" | b"near" | b"outside"));
        // "Millbrook, Ohio" with no Millbrook of the lists in Ohio: the
        // towns of the name elsewhere are not meant, there or anywhere in
        // the article (rule `place.qualified-unlisted` of the name stage).
        if !unlisted.is_empty() {
            let key = crate::gazetteer::fold::key_of(&text[tokens[s].start()..tokens[e - 1].end()]);
            if unlisted.contains(&key) {
                continue;
            }
        }
        let single = words().count() == 1;
        // Dates ("August"), names of faith ("God") and titles ("Brig.
        // Gen.") are no towns.
        let title = PhraseMap::kind_mask(&[Kind::Role, Kind::Honorific]);
        if single && (an.is_date_trigger(s) || an.is_faith_word(s))
            || an.hits_from(s).iter().any(|&(_, h)| PhraseMap::kinds(h.value) & title != 0)
        {
            continue;
        }
        // A word that is also a name, a nationality or a common word
        // ("King", "Canadian", "Commerce"), or written as an acronym
        // ("HIV"), is a town only after a locative or before a qualifier.
        let shaky = single && (PhraseMap::kinds(h.value) & names_or_words != 0 || an.is_common(s))
            || words().any(|t| t.is(UPPER) && t.end() - t.start() > 1) && !an.caps_line[s];
        let local_noun = !shaky && local_noun_after(tokens, an, s, e);
        // A common first name that names no bigger place is a person's after
        // "to", "from" or "of" ("lied to Daniel"): a town only after "in",
        // "near" or "outside".
        let person_first = single
            && PhraseMap::kinds(h.value) & given != 0
            && PhraseMap::kinds(h.value) & bigger == 0
            && crate::patterns::names::frequent_given(an, gaz, s);
        // "Ana Quill of Lillian", "Quill, 54, of Lillian": after a
        // name or an age, "of" gives a person's town.
        let home_town = s >= 2
            && tokens[s - 1].bytes(text) == b"of"
            && (tokens[s - 2].is_capitalized() || tokens[s - 2].is_punct(text, ','));
        let locative = locative && (!person_first || an.place_preposition_before(tokens, s) || home_town);
        if !locative && !qualified && !local_noun && (shaky || tokens[s].is(SENT_START) || an.caps_line[s]) {
            if !(single && person_first) {
                pending.push((s, h));
            }
            continue;
        }
        // ("in Anglo-Irish talks" names no town: a hyphen glues the word
        // to the next.)
        let compound = e < tokens.len() && tokens[e].is_punct(text, '-') && !tokens[e].is(SPACE_BEFORE);
        if (an.place_preposition_before(tokens, s) || qualified || local_noun)
            && PhraseMap::kinds(h.value) & demonym == 0
            && !compound
        {
            vouched.push(h.value);
        }
        push(s, h, out);
    }
    // One place per name in an article: where the article writes a name as
    // a town ("in Cairo", "Cairo, Illinois", "a Cairo man"), its other
    // mentions may be that town too ("the Cairo Police Department").
    for (s, h) in pending {
        if vouched.contains(&h.value) {
            push(s, h, out);
        }
    }
}

/// Organization kinds named after a place without being about it: a
/// club, a newspaper or a company (a city's baseball club, "The Washington Post").
const NOT_OF_ITS_PLACE: &[&str] = &["sports", "media", "company"];

/// Marks (with [`Rule::PlaceInsideName`]) the place names that open an
/// organization's name and are named there as places, for
/// [`inside_names`] to keep inside it: a place before a possessive
/// ("Peru's Ministry of Health", "Oslo's University Hospital"), and a
/// town, county or state before the name of its own public body
/// ("Tulsa Police Department", "Cullman County Sheriff's Office", "Idaho
/// National Guard"; a country's ministries are not local: "U.S. Labor
/// Department" stays one name). Clubs, newspapers and companies
/// named after a place are about something else.
pub fn mark_inside_names(text: &str, tokens: &[Token], an: &Analysis, cands: &mut [Candidate]) {
    let possessive = |c: &Candidate| {
        // "'s", "\u{2019}s", or " 's" as tokenized text writes it.
        matches!(text.as_bytes().get(c.span.end), Some(b'\'' | 0xE2 | b' ')) && {
            let rest = text[c.span.end..].trim_start_matches(' ');
            rest.starts_with("'s ") || rest.starts_with("\u{2019}s ")
        }
    };
    if !cands.iter().any(|c| c.ty == EntityType::Organization) {
        return;
    }
    let mut orgs: Vec<(usize, usize)> = cands
        .iter()
        .filter(|c| {
            c.ty == EntityType::Organization
                && c.rule != Rule::OrgLegalSuffix
                && !c.attrs.kind.as_deref().is_some_and(|k| NOT_OF_ITS_PLACE.contains(&k))
        })
        .map(|c| (c.span.start, c.span.end))
        .collect();
    if orgs.is_empty() {
        return;
    }
    orgs.sort_unstable();
    for c in cands.iter_mut() {
        if !is_place(c) || c.rule != Rule::GazetteerEntry {
            continue;
        }
        let (s, e) = (c.span.start, c.span.end);
        // "St. Mary's Church", "Saint Luke's Hospital": a saint's, not
        // the place's of that name.
        let saint = ["St. ", "St ", "Saint ", "Ste. "].iter().any(|p| text[s..e].starts_with(p));
        let possessive = possessive(c) && !saint;
        let local = c.ty != EntityType::Country && !(c.ty == EntityType::Region && feature(c).is_empty());
        if !possessive && !local {
            continue;
        }
        let k = orgs.partition_point(|&(a, _)| a < s);
        let Some(&(_, oe)) = orgs[k..].iter().take_while(|&&(a, _)| a == s).filter(|&&(_, b)| b > e).max() else {
            continue;
        };
        // The organization's last word.
        let last = tokens.partition_point(|t| t.start() < oe).saturating_sub(1);
        let body = tokens.get(last).is_some_and(|t| t.end() == oe) && an.is_local_body(last);
        if !possessive && !body {
            continue;
        }
        // A place written as a common word ("Central", "Federal") is no
        // place inside a name; a place of two words is, though they are
        // English words ("Grand Forks's Public Works Department").
        match token_at(tokens, s) {
            Some(t) if tokens[t].is(CAP) && (!an.is_common(t) || tokens[t].end() < e) => c.rule = Rule::PlaceInsideName,
            _ => {}
        }
    }
}

/// Keeps the place names [`mark_inside_names`] marked inside the
/// organization the overlap policy gave their words to: a mention of the
/// place nested in the organization's span. `keep` marks the candidates
/// the overlap policy kept; `order` is its ranking (best first), so the
/// longest place wins inside one name. A marked place the policy kept on
/// its own (the organization lost) is a plain gazetteer entry again.
pub fn inside_names(
    cands: &mut [Candidate],
    order: &[u32],
    keep: &mut [bool],
    rejected: &mut Option<&mut Vec<Rejection>>,
) {
    let mut nested = false;
    for (c, &k) in cands.iter_mut().zip(keep.iter()).filter(|(c, _)| c.rule == Rule::PlaceInsideName) {
        if k {
            c.rule = Rule::GazetteerEntry;
        } else {
            nested = true;
        }
    }
    if !nested {
        return;
    }
    let mut orgs: Vec<(usize, usize)> = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        if keep[i] && c.ty == EntityType::Organization {
            orgs.push((c.span.start, c.span.end));
        }
    }
    orgs.sort_unstable();
    let mut taken = crate::span::Taken::default();
    for &i in order {
        let i = i as usize;
        let c = &cands[i];
        if keep[i] || c.rule != Rule::PlaceInsideName {
            continue;
        }
        // Kept spans do not overlap: the last organization starting at or
        // before the place is the only one that can hold it.
        let k = orgs.partition_point(|&(a, _)| a <= c.span.start);
        let held = k > 0 && orgs[k - 1].0 == c.span.start && orgs[k - 1].1 > c.span.end;
        if !held || !taken.take(c.span.start, c.span.end) {
            continue;
        }
        keep[i] = true;
        if let Some(r) = rejected.as_deref_mut() {
            r.retain(|x| !(x.span == c.span && x.ty == c.ty && x.rule == Rule::ResolveOverlap));
        }
    }
}

/// True if the words around the place name at tokens `s..e` say it is a
/// place: a locative before it ("in Cross Plains") or a dateline
/// ("MILLBROOK \u{2014} The council voted": the place in capitals opening a
/// line or a sentence, then a dash).
fn local_evidence(text: &str, tokens: &[Token], an: &Analysis, s: usize, e: usize) -> bool {
    if an.locative_before(tokens, s) || listed_after_locative(text, tokens, an, s, e) {
        return true;
    }
    if !tokens[s].is(UPPER) || !(tokens[s].is(LINE_START) || tokens[s].is(SENT_START)) {
        return false;
    }
    tokens.get(e).is_some_and(|next| crate::patterns::names::dateline_dash(text, next))
}

/// True if the name at token `s` closes a list of names that a locative
/// opens ("in Bowling Green and Dawson Springs", "near Alder, Birch or
/// Cedar Falls"): each name of the list is a place as much as the first,
/// when the names before it are places' too. Not a name that runs on
/// ("and Vice Minister"), nor one a country, a state or a nationality has
/// ("in New York City and Florida": the state).
fn listed_after_locative(text: &str, tokens: &[Token], an: &Analysis, s: usize, e: usize) -> bool {
    const NAMESAKES: u16 = PhraseMap::kind_mask(&[Kind::Country, Kind::Region, Kind::Demonym]);
    const PLACES: u16 = PhraseMap::kind_mask(&[Kind::City, Kind::Town, Kind::Country, Kind::Region]);
    let kinds_of = |a: usize, b: usize| {
        an.hits_from(a).iter().filter(|&&(_, h)| h.end == b).fold(0, |k, &(_, h)| k | PhraseMap::kinds(h.value))
    };
    // (Most names stand after no comma and no "and": that is read first.)
    let sep =
        |k: usize| k >= 2 && (tokens[k - 1].is_punct(text, ',') || matches!(tokens[k - 1].bytes(text), b"and" | b"or"));
    if !sep(s) || tokens.get(e).is_some_and(|t| t.is(CAP)) || kinds_of(s, e) & NAMESAKES != 0 {
        return false;
    }
    let mut k = s;
    // At most four names back, of at most four words each.
    for _ in 0..4 {
        if !sep(k) {
            return false;
        }
        let end = k - 1;
        let mut j = end;
        while j > 0 && end - j < 4 && tokens[j - 1].is_word() && tokens[j - 1].is(CAP) {
            j -= 1;
        }
        if j == end || kinds_of(j, end) & PLACES == 0 {
            return false;
        }
        if an.locative_before(tokens, j) {
            return true;
        }
        k = j;
    }
    false
}

/// True if a word after the name at tokens `s..e` makes it someone's town,
/// as local news writes ("a Millbrook man", "Millbrook police"), and the
/// name is no common word ("One day", "Young voters").
fn local_noun_after(tokens: &[Token], an: &Analysis, s: usize, e: usize) -> bool {
    tokens.get(e).is_some_and(|next| next.is(LOWER)) && an.is_local_noun(e) && !(s..e).any(|i| an.is_common(i))
}

/// Candidates for the names of a list of counties or parishes ("Cullman
/// and Limestone counties", "Acadia and Vermilion parishes"): each name
/// is the county of that name ("Cullman County"), wherever the list puts
/// the word once for all of them.
pub fn county_lists(text: &str, tokens: &[Token], gaz: &Gazetteers, an: &Analysis, out: &mut Vec<Candidate>) {
    let mut key = String::new();
    for j in an.counties().filter(|&j| j > 0) {
        let unit = match tokens[j].text(text) {
            "counties" => "County",
            "parishes" => "Parish",
            _ => continue,
        };
        // Back over "A, B and C": names of capitalised words, separated by
        // a comma, "and" or "or".
        let mut e = j;
        loop {
            let mut s = e;
            while s > 0 && tokens[s - 1].is_word() && tokens[s - 1].is(CAP) && e - s < 3 {
                s -= 1;
            }
            if s == e {
                break;
            }
            crate::gazetteer::fold::key_into(
                &format!("{} {unit}", &text[tokens[s].start()..tokens[e - 1].end()]),
                &mut key,
            );
            let span = Span::new(tokens[s].start(), tokens[e - 1].end());
            push_counties(gaz, &key, span, Rule::PlaceCountyList, out);
            // The separator before this name, if any.
            let sep = |k: usize| tokens[k].is_punct(text, ',') || matches!(tokens[k].bytes(text), b"and" | b"or");
            let mut k = s;
            while k > 0 && sep(k - 1) && s - k < 2 {
                k -= 1;
            }
            if k == s {
                break;
            }
            e = k;
        }
    }
}

/// A candidate at `span` for each county or parish (a second-level
/// division) whose name folds to `key`, proposed by `rule`.
fn push_counties(gaz: &Gazetteers, key: &str, span: Span, rule: Rule, out: &mut Vec<Candidate>) {
    let Some(v) = gaz.map().get(key) else { return };
    for p in gaz.map().postings(v).filter_map(Posting::decode).filter(|p| p.kind == Kind::Region) {
        if let Some(mut c) = gazetteer_candidate(gaz, p, span) {
            if feature(&c) == "ADM2" {
                c.rule = rule;
                out.push(c);
            }
        }
    }
}

/// Candidates for the county a lawmaker comes from, written as news
/// writes it after the name ("Dana Whitcombe, D-Wetzel,"): the party letter
/// joined by a hyphen to a county's name without the word "County". Each
/// county of that name is in the running beside the places the
/// gazetteer already gives the word; the story's state chooses.
/// `letters`: the tokens of the party letters the name stage found
/// ([`crate::patterns::names::LoneWords::party_homes`]).
pub fn party_homes(
    text: &str,
    tokens: &[Token],
    gaz: &Gazetteers,
    letters: impl Iterator<Item = usize>,
    out: &mut Vec<Candidate>,
) {
    let mut key = String::new();
    for j in letters {
        let name = &tokens[j + 2];
        crate::gazetteer::fold::key_into(&format!("{} County", name.text(text)), &mut key);
        push_counties(gaz, &key, Span::new(name.start(), name.end()), Rule::PlacePartyHome, out);
    }
}

/// One place mention and the places it may be.
/// How many times its namesakes' population a capital must have for a bare
/// dateline to name it alone ("WASHINGTON (AP) —").
const DATELINE_DWARFS: u64 = 10;

/// The population from which a city that is no capital is one a bare
/// dateline names alone ("HOUSTON —"), as it does a capital.
const DATELINE_CITY: u64 = 1_000_000;

struct Group {
    /// Candidate indices (all place candidates of one span).
    members: Vec<usize>,
    /// Token range of the mention.
    tok: (usize, usize),
    /// A locative word before it.
    locative: bool,
    /// Settled by a qualifier (or as a qualifier): no context can change it.
    anchored: bool,
    /// Qualified by a qualifier (the first name of "X, Y").
    qualified: bool,
    /// The chosen candidate.
    chosen: usize,
}

/// What a candidate is, as far as geography goes.
fn is_place(c: &Candidate) -> bool {
    c.ty.is_place() && matches!(c.source, Source::Gazetteer | Source::User)
}

fn feature(c: &Candidate) -> &str {
    c.attrs.feature.as_deref().unwrap_or("")
}

/// The country a place is in (a country: itself).
pub(crate) fn country_of(c: &Candidate) -> Option<&str> {
    c.attrs.iso.as_deref().or(c.attrs.country.as_deref())
}

/// National-level names: countries, continents, capitals, news regions.
/// They set the countries of an article, not its neighbourhood.
fn national(c: &Candidate) -> bool {
    c.ty == EntityType::Country
        || matches!(feature(c), "PPLC" | "PPLG" | "CONT" | "PCLI")
        // News regions ("Middle East", "Gulf Coast") span too much to be a neighbourhood.
        || c.ty == EntityType::Region && feature(c).is_empty()
}

fn is_division(c: &Candidate) -> bool {
    c.ty == EntityType::Region && matches!(feature(c), "ADM1" | "ADM2")
}

/// Prior of a candidate without context: feature, then population.
///
/// A first-level division counts as a city of a million people, but one
/// of a country of fewer than ten million as a city of a tenth of its
/// country's people: "Manchester" and "Portland" without context are the
/// English and the American cities, not Jamaica's parishes.
fn prior(c: &Candidate) -> f64 {
    let pop = c.attrs.population.unwrap_or(0) as f64;
    match c.ty {
        EntityType::Country => 8.0,
        EntityType::Region => match feature(c) {
            "CONT" => 7.5,
            "ADM1" => {
                let people = c.attrs.country.as_deref().and_then(crate::gazetteer::country_population);
                people.map_or(6.0, |p| ((p.max(1) as f64).log10() - 1.0).min(6.0))
            }
            "ADM2" => 4.5,
            _ => 6.5,
        },
        _ => {
            let f = match feature(c) {
                "PPLC" | "PPLG" => 1.5,
                "PPLA" => 0.5,
                _ => 0.0,
            };
            (pop.max(1.0)).log10() + f
        }
    }
}

/// Great-circle distance in km.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

fn point(c: &Candidate) -> Option<(f64, f64)> {
    Some((c.attrs.lat?, c.attrs.lon?))
}

/// True if place `a` lies in the place `q` names (a country, or a
/// first-level division: "Pineville" in "La.").
fn lies_in(a: &Candidate, q: &Candidate) -> bool {
    match q.ty {
        EntityType::Country => a.ty != EntityType::Country && a.attrs.country.as_deref() == q.attrs.iso.as_deref(),
        EntityType::Region if feature(q) == "ADM1" => {
            a.ty != EntityType::Country
                && !(a.ty == EntityType::Region && feature(a) == "ADM1")
                && a.attrs.country.is_some()
                && a.attrs.country == q.attrs.country
                && a.attrs.admin1.is_some()
                && a.attrs.admin1 == q.attrs.admin1
        }
        _ => false,
    }
}

/// True if some place name of `idx` (sorted here by span) has several
/// places or is a town.
fn needs_weighing(cands: &[Candidate], idx: &mut [usize]) -> bool {
    // (Indices are distinct: any sort of the keys is the stable sort. The
    // candidates come in a few runs in text order, one per matcher, that
    // the stable sort finds and merges.)
    let mut keys: Vec<(usize, usize, usize)> =
        idx.iter().map(|&i| (cands[i].span.start, cands[i].span.end, i)).collect();
    keys.sort();
    for (i, k) in idx.iter_mut().zip(&keys) {
        *i = k.2;
    }
    idx.windows(2).any(|w| cands[w[0]].span == cands[w[1]].span) || idx.iter().any(|&i| is_small_city(&cands[i]))
}

/// The token whose start is byte `at`, if any.
fn token_at(tokens: &[Token], at: usize) -> Option<usize> {
    let i = tokens.partition_point(|t| t.start() < at);
    (i < tokens.len() && tokens[i].start() == at).then_some(i)
}

/// Keep one place per place mention, and drop small places without
/// evidence (see the module docs). Non-place candidates are left alone.
pub fn choose(
    text: &str,
    tokens: &[Token],
    an: &Analysis,
    cands: &mut Vec<Candidate>,
    rejected: Option<&mut Vec<Rejection>>,
) {
    // (Sized for all: most candidates of news are places' names.)
    let mut idx: Vec<usize> = Vec::with_capacity(cands.len());
    idx.extend((0..cands.len()).filter(|&i| is_place(&cands[i])));
    // Most articles' place names are each one place, and no town: nothing to weigh.
    if idx.is_empty() {
        return;
    }
    if !needs_weighing(cands, &mut idx) {
        lone_compass_points(text, tokens, an, cands, &idx, rejected);
        return;
    }
    // (`idx` is sorted by span: see `needs_weighing`.)
    let mut groups = mention_groups(text, tokens, an, cands, &idx);
    // The places a mention's settled reading rules out before any
    // weighing (they leave their groups, and go at the end).
    let mut settled_out: Vec<usize> = Vec::new();
    dateline_cities(text, tokens, cands, &mut groups, &mut settled_out);
    let inside = inside_longer_names(text, tokens, cands, &idx, &groups);
    settle_lists_and_user_entries(cands, &mut groups, &mut settled_out);
    qualifiers(text, tokens, cands, &mut groups);
    // One name, one place: the mentions of a name (same places, same
    // settlement) are weighed once, as one group; `mentions` maps back.
    let mention_groups = groups;
    let listed = list_neighbours(text, tokens, &mention_groups, &inside);
    let (key_id, distinct_keys) = key_ids(cands, &idx);
    let (mentions, mut groups, inside) = merge_mentions(&mention_groups, &inside, &key_id, idx.len());
    // List neighbours, as pairs of (merged) groups both ways, sorted.
    let mut siblings: Vec<(usize, usize)> = Vec::with_capacity(2 * listed.len());
    siblings.extend(listed.iter().flat_map(|&(a, b)| [(mentions[a], mentions[b]), (mentions[b], mentions[a])]));
    siblings.sort_unstable();
    siblings.dedup();
    let (base, facts) = priors(cands, &groups);
    let mut reliable = first_choices(cands, &mut groups, &base, &inside);
    // Spatial minimality: for each candidate, how many other names of the
    // article (counted once each, at most three) could be a place near it.
    // Local news names towns around one another ("Brandon", "Kensington",
    // "Douglas County" around one Alexandria).
    let radii = &*RADII;
    let support = spatial_support(text, &groups, &inside, cands, &facts, radii);
    let weighing = Weighing {
        cands,
        key_id: &key_id,
        distinct_keys,
        base: &base,
        facts: &facts,
        support: &support,
        siblings: &siblings,
        inside: &inside,
        radii,
    };
    let marks = weighing.rounds(&mut groups, &mut reliable, rejected.is_some());
    let mut keep = small_towns_need_evidence(cands, &mut groups, &facts, &reliable, radii);
    let compass_out = compass_points(text, tokens, an, cands, &groups, &mention_groups, &mentions, &mut keep);
    if *DEBUG_CHOICES {
        debug_choices(text, cands, &groups);
    }
    let outcome =
        Outcome { mention_groups: &mention_groups, mentions: &mentions, keep: &keep, compass_out: &compass_out };
    drop_unchosen(cands, rejected, &groups, &outcome, &marks, settled_out);
}

/// True if `c` is a region named by points of the compass (points of the
/// compass are regions' names).
fn is_compass_name(text: &str, tokens: &[Token], an: &Analysis, c: &Candidate) -> bool {
    c.ty == EntityType::Region && compass_span(text, tokens, an, c.span).is_some()
}

/// Each name one place, no town: only a lone point of the compass may
/// have to go (the rule of the weighing of [`choose`], without it).
fn lone_compass_points(
    text: &str,
    tokens: &[Token],
    an: &Analysis,
    cands: &mut Vec<Candidate>,
    idx: &[usize],
    rejected: Option<&mut Vec<Rejection>>,
) {
    let out: Vec<usize> = idx
        .iter()
        .copied()
        .filter(|&i| is_compass_name(text, tokens, an, &cands[i]) && lone_compass_out(text, tokens, an, cands, idx, i))
        .collect();
    if out.is_empty() {
        return;
    }
    if let Some(r) = rejected {
        r.extend(out.iter().map(|&i| Rejection {
            span: cands[i].span,
            ty: cands[i].ty.clone(),
            rule: Rule::PlaceCompassPoint,
        }));
    }
    let mut k = 0;
    cands.retain(|_| {
        k += 1;
        !out.contains(&(k - 1))
    });
}

/// One group per place mention: the place candidates of one span (`idx`
/// sorted by span), with the token range and whether a locative speaks
/// for it.
fn mention_groups(text: &str, tokens: &[Token], an: &Analysis, cands: &[Candidate], idx: &[usize]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::with_capacity(idx.len());
    for run in idx.chunk_by(|&a, &b| cands[a].span == cands[b].span) {
        let span = cands[run[0]].span;
        let Some(s) = token_at(tokens, span.start) else { continue };
        let e = tokens[s..].iter().position(|t| t.end() >= span.end).map_or(tokens.len(), |k| s + k + 1);
        // "a Millbrook man": evidence for a town, where the name is no
        // country's or state's.
        let towns_only = run.iter().all(|&i| cands[i].ty == EntityType::City);
        // "of" before a name in capitals ("the spread of HIV") is no
        // locative: a town written as an acronym needs "in", "near"...
        let acronym_of = s > 0
            && tokens[s - 1].is_word()
            && tokens[s - 1].bytes(text) == b"of"
            && tokens[s..e].iter().any(|t| t.is(UPPER) && t.end() - t.start() > 1)
            && !an.caps_line[s];
        let locative = local_evidence(text, tokens, an, s, e) && !(towns_only && acronym_of)
            || towns_only && local_noun_after(tokens, an, s, e);
        groups.push(Group {
            members: run.to_vec(),
            tok: (s, e),
            locative,
            anchored: false,
            qualified: false,
            chosen: run[0],
        });
    }
    groups
}

/// "WASHINGTON (AP) —", "HOUSTON —": a dateline that names a city
/// alone, with no state or country after it, names the capital or the
/// city of a million of that name where it dwarfs its namesake cities
/// (tenfold): the wires write those alone; a smaller namesake carries
/// its state ("WASHINGTON, Ga. —"), and a dateline is no state.
fn dateline_cities(
    text: &str,
    tokens: &[Token],
    cands: &[Candidate],
    groups: &mut [Group],
    settled_out: &mut Vec<usize>,
) {
    for g in groups {
        let (s, e) = g.tok;
        let bare = tokens[s].is(LINE_START)
            && tokens[s].is(UPPER)
            && tokens.get(e).is_some_and(|t| ['(', '-', '\u{2013}', '\u{2014}'].iter().any(|&p| t.is_punct(text, p)));
        if !bare || g.members.len() < 2 {
            continue;
        }
        let pop = |i: usize| cands[i].attrs.population.unwrap_or(0);
        let city = |i: usize| cands[i].ty == EntityType::City;
        let Some(&top) = g.members.iter().filter(|&&i| city(i)).max_by_key(|&&i| pop(i)) else { continue };
        if (feature(&cands[top]) == "PPLC" || pop(top) >= DATELINE_CITY)
            && g.members.iter().all(|&i| i == top || !city(i) || pop(i).saturating_mul(DATELINE_DWARFS) <= pop(top))
        {
            settled_out.extend(g.members.iter().copied().filter(|&i| i != top));
            g.members.retain(|&i| i == top);
            g.chosen = top;
            g.anchored = true;
        }
    }
}

/// Per mention group: true if its name is inside a person's name or a
/// longer place name, or is an organization's head word before "of" or
/// "for".
///
/// A place name inside a person's name ("Halle" in "Ingrid Halle") says
/// nothing about the article's places (inside an organization's name it
/// does: "Paris Fire Department").
/// Nor does a name inside a longer place name ("York" in "New York").
fn inside_longer_names(
    text: &str,
    tokens: &[Token],
    cands: &[Candidate],
    idx: &[usize],
    groups: &[Group],
) -> Vec<bool> {
    let spans = Spans::of(cands, idx);
    // Nor a place name that is an organization's head word before "of" or
    // "for" ("Alliance of Cities for Open Data", "Union of Concerned
    // Scientists"): the organization is no one place's.
    let before_of = |g: &Group| {
        let e = g.tok.1;
        e < tokens.len() && tokens[e].is_word() && matches!(tokens[e].bytes(text), b"of" | b"for")
    };
    // Organizations by start, with the farthest end reached so far (made
    // only where a place name comes before "of" or "for").
    let mut orgs: Vec<(usize, usize)> = Vec::new();
    if groups.iter().any(before_of) {
        orgs.extend(cands.iter().filter(|c| c.ty == EntityType::Organization).map(|c| (c.span.start, c.span.end)));
        orgs.sort_unstable();
        let mut reach = 0;
        for o in &mut orgs {
            reach = reach.max(o.1);
            o.1 = reach;
        }
    }
    let head_of_org = |g: &Group| {
        let k = orgs.partition_point(|&(a, _)| a <= tokens[g.tok.0].start());
        before_of(g) && k > 0 && orgs[k - 1].1 > tokens[g.tok.1].end()
    };
    groups
        .iter()
        .map(|g| {
            let sp = cands[g.members[0]].span;
            spans.covered(sp.start, sp.end) || head_of_org(g)
        })
        .collect()
}

/// The spans of an article's place names and people's names, sorted,
/// for [`Spans::covered`].
struct Spans {
    /// Each span once (a name's places share it), with the number of spans
    /// up to it, copies included: the 64 last spans below count copies.
    upto: Vec<(usize, usize, usize)>,
    /// The farthest end of the spans before each in `upto`.
    reach_before: Vec<usize>,
}

impl Spans {
    fn of(cands: &[Candidate], idx: &[usize]) -> Spans {
        // (The places' spans in `idx` order are sorted: the people's are
        // sorted and merged in.)
        // (The vectors filled from filters below are sized first, for all
        // their items at most: a collected filter grows one doubling at a
        // time.)
        let mut people: Vec<(usize, usize)> = Vec::with_capacity(cands.len() - idx.len());
        people.extend(
            cands
                .iter()
                .filter(|c| c.ty == EntityType::Person && !c.span.is_empty())
                .map(|c| (c.span.start, c.span.end)),
        );
        // (In a few runs in text order, as the places: see `needs_weighing`.)
        people.sort();
        let mut longer: Vec<(usize, usize)> = Vec::with_capacity(idx.len() + people.len());
        let mut people = people.into_iter().peekable();
        for sp in idx.iter().map(|&i| cands[i].span).filter(|sp| !sp.is_empty()).map(|sp| (sp.start, sp.end)) {
            while let Some(p) = people.next_if(|&p| p <= sp) {
                longer.push(p);
            }
            longer.push(sp);
        }
        longer.extend(people);
        let mut upto: Vec<(usize, usize, usize)> = Vec::with_capacity(longer.len());
        for (n, &(a, b)) in longer.iter().enumerate() {
            match upto.last_mut() {
                Some(last) if (last.0, last.1) == (a, b) => last.2 = n + 1,
                _ => upto.push((a, b, n + 1)),
            }
        }
        let mut reach_before: Vec<usize> = Vec::with_capacity(upto.len());
        let mut reach = 0;
        for &(_, b, _) in &upto {
            reach_before.push(reach);
            reach = reach.max(b);
        }
        Spans { upto, reach_before }
    }

    /// True if a longer span covers `s..e`.
    fn covered(&self, s: usize, e: usize) -> bool {
        let (upto, reach_before) = (&self.upto, &self.reach_before);
        // Of the last 64 spans starting at or before `s`, any reaching `e`
        // and longer covers it.
        let k = upto.partition_point(|&(a, _, _)| a <= s);
        let floor = match k {
            0 => return false,
            _ => upto[k - 1].2.saturating_sub(64),
        };
        // Most names lie inside no other: the last span starting at or
        // before `s` is the name's own, and no span before it reaches `e`.
        if (upto[k - 1].0, upto[k - 1].1) == (s, e) && reach_before[k - 1] < e {
            return false;
        }
        upto[..k].iter().rev().take_while(|&&(_, _, n)| n > floor).any(|&(a, b, _)| b >= e && b - a > e - s)
    }
}

/// Readings settled before any weighing: a list of counties, and a
/// user's own entry.
fn settle_lists_and_user_entries(cands: &[Candidate], groups: &mut [Group], settled_out: &mut Vec<usize>) {
    // A list of counties ("Cullman and Limestone counties") says what its
    // names are: only the counties of those names are in the running.
    for g in groups.iter_mut() {
        if g.members.iter().any(|&i| cands[i].rule == Rule::PlaceCountyList) {
            settled_out.extend(g.members.iter().copied().filter(|&i| cands[i].rule != Rule::PlaceCountyList));
            g.members.retain(|&i| cands[i].rule == Rule::PlaceCountyList);
            g.chosen = g.members[0];
        }
    }
    // A user's own entry is what the user means.
    for g in groups.iter_mut() {
        if let Some(&u) = g.members.iter().find(|&&i| cands[i].source == Source::User) {
            settled_out.extend(g.members.iter().copied().filter(|&i| cands[i].source != Source::User));
            g.members.retain(|&i| cands[i].source == Source::User);
            g.chosen = u;
            g.anchored = true;
        }
    }
}

/// The group whose mention starts at token `at`, if any.
fn group_at(at: usize, groups: &[Group]) -> Option<usize> {
    let k = groups.partition_point(|g| g.tok.0 < at);
    (k < groups.len() && groups[k].tok.0 == at).then_some(k)
}

/// Qualifiers (evidence 1 of the module docs): "X, Y" where Y names a
/// country or a division that contains one of the places X may be.
fn qualifiers(text: &str, tokens: &[Token], cands: &[Candidate], groups: &mut [Group]) {
    for a in 0..groups.len() {
        let e = groups[a].tok.1;
        if groups[a].anchored || e + 1 >= tokens.len() {
            continue;
        }
        // A country before a comma starts a list ("Canada, Mexico and
        // the United States"), not a town and its country.
        let country = |g: &Group| g.members.iter().any(|&x| cands[x].ty == EntityType::Country);
        // "the state of Georgia", "the province of Ontario": the
        // division, not a town of its name.
        if s_of_division(text, tokens, groups[a].tok.0) {
            if let Some(&x) = groups[a].members.iter().find(|&&i| is_division(&cands[i])) {
                groups[a].chosen = x;
                groups[a].anchored = true;
                continue;
            }
        }
        if tokens[e].is_punct(text, ',') {
            let Some(b) = group_at(e + 1, groups) else { continue };
            if country(&groups[a]) && country(&groups[b]) {
                continue;
            }
            let mut pairs: Vec<(usize, usize)> = Vec::new();
            for &x in &groups[a].members {
                for &y in &groups[b].members {
                    if lies_in(&cands[x], &cands[y]) {
                        pairs.push((x, y));
                    }
                }
            }
            // The most prominent place of that name in the qualifier.
            if let Some(&(x, y)) = pairs.iter().max_by(|p, q| prior(&cands[p.0]).total_cmp(&prior(&cands[q.0]))) {
                let ga = &mut groups[a];
                ga.chosen = x;
                ga.anchored = true;
                ga.qualified = true;
                let gb = &mut groups[b];
                gb.chosen = y;
                gb.anchored = true;
            }
        } else if tokens[e].is_word() && tokens[e].bytes(text) == b"state" {
            // "Washington state": the state, not its namesake city.
            if let Some(&x) =
                groups[a].members.iter().find(|&&i| cands[i].ty == EntityType::Region && feature(&cands[i]) == "ADM1")
            {
                groups[a].chosen = x;
                groups[a].anchored = true;
            }
        }
    }
}

/// Lists: "California, Oregon and Washington": neighbouring mentions
/// (names inside longer names left out) with only a comma, "and" or
/// "or" between them, as pairs of mention groups.
fn list_neighbours(text: &str, tokens: &[Token], mention_groups: &[Group], inside: &[bool]) -> Vec<(usize, usize)> {
    let mut outer: Vec<usize> = Vec::with_capacity(mention_groups.len());
    outer.extend((0..mention_groups.len()).filter(|&gi| !inside[gi]));
    let mut listed: Vec<(usize, usize)> = Vec::with_capacity(outer.len());
    listed.extend(
        outer
            .windows(2)
            .filter(|w| {
                let (e, s) = (mention_groups[w[0]].tok.1, mention_groups[w[1]].tok.0);
                e <= s && list_gap(text, &tokens[e..s])
            })
            .map(|w| (w[0], w[1])),
    );
    listed
}

/// The place candidates' keys as small ids (equal keys, equal ids),
/// for the comparisons of the weighing: `key_id[i]` for candidate `i`;
/// and the number of distinct keys.
fn key_ids(cands: &[Candidate], idx: &[usize]) -> (Vec<u32>, usize) {
    let mut key_id = vec![0u32; cands.len()];
    let mut ids: crate::hash::FastMap<&str, u32> = Default::default();
    ids.reserve(idx.len());
    // A gazetteer row's key is one `Arc` at all its mentions: the ids
    // of the last keys seen, by the key's address, are asked before
    // the text is hashed (equal addresses, equal texts).
    let mut recent = [(0usize, 0u32); 16];
    for &i in idx {
        let at = std::sync::Arc::as_ptr(cands[i].key()) as *const u8 as usize;
        let slot = &mut recent[(at >> 4 ^ at >> 8) & 15];
        if slot.0 != at {
            let next = ids.len() as u32;
            *slot = (at, *ids.entry(&**cands[i].key()).or_insert(next));
        }
        key_id[i] = slot.1;
    }
    let distinct_keys = ids.len();
    (key_id, distinct_keys)
}

/// The mention groups of one name (same places, same settlement) merged
/// into one group: for each mention its merged group, the merged groups,
/// and whether each merged group's mentions are all inside longer names.
fn merge_mentions(
    mention_groups: &[Group],
    inside: &[bool],
    key_id: &[u32],
    places: usize,
) -> (Vec<usize>, Vec<Group>, Vec<bool>) {
    // A mention's signature: its places' key ids, sorted, then 0, or
    // 1 and the key id of the place a qualifier settled it on; all
    // of them in one buffer.
    let mut sigs: Vec<u32> = Vec::with_capacity(places + 2 * mention_groups.len());
    let mut ends: Vec<usize> = Vec::with_capacity(mention_groups.len());
    for g in mention_groups {
        let from = sigs.len();
        sigs.extend(g.members.iter().map(|&i| key_id[i]));
        sigs[from..].sort_unstable();
        match g.anchored {
            true => sigs.extend([1, key_id[g.chosen]]),
            false => sigs.push(0),
        }
        ends.push(sigs.len());
    }
    let mut index: crate::hash::FastMap<&[u32], usize> = Default::default();
    index.reserve(mention_groups.len());
    let mut merged: Vec<Group> = Vec::with_capacity(mention_groups.len());
    let mut merged_inside: Vec<bool> = Vec::with_capacity(mention_groups.len());
    let mut of: Vec<usize> = Vec::with_capacity(mention_groups.len());
    for (gi, g) in mention_groups.iter().enumerate() {
        let sig = &sigs[if gi == 0 { 0 } else { ends[gi - 1] }..ends[gi]];
        let u = *index.entry(sig).or_insert_with(|| {
            merged.push(Group { members: g.members.clone(), ..*g });
            merged_inside.push(true);
            merged.len() - 1
        });
        let m = &mut merged[u];
        m.locative |= g.locative;
        m.qualified |= g.qualified;
        merged_inside[u] &= inside[gi];
        of.push(u);
    }
    (of, merged, merged_inside)
}

/// Priors, and what the weighing reads of each place candidate, once
/// (once for all the mentions of a name). A division named like its
/// seat ("Porto", "Zürich", "New York") is the city.
fn priors<'a>(cands: &'a [Candidate], groups: &[Group]) -> (Vec<f64>, PerMember<Facts<'a>>) {
    let mut base: Vec<f64> = vec![0.0; cands.len()];
    let mut facts = PerMember::new(cands.len(), groups.iter().map(|g| g.members.len()).sum());
    for g in groups {
        for &x in &g.members {
            let (p, f) = prior_and_facts(&cands[x]);
            base[x] = p;
            facts.set(x, f);
        }
    }
    for g in groups {
        for &x in &g.members {
            let c = &cands[x];
            if !(c.ty == EntityType::Region && feature(c) == "ADM1") {
                continue;
            }
            let seat = g.members.iter().copied().filter(|&y| {
                let o = &cands[y];
                o.ty == EntityType::City
                    && matches!(feature(o), "PPLA" | "PPLC" | "PPLG")
                    && o.attrs.country == c.attrs.country
                    && o.attrs.admin1 == c.attrs.admin1
            });
            if seat.count() > 0 {
                // Only a qualifier ("Rochester, New York") or "state"
                // makes it the division (those settled it above).
                base[x] = f64::NEG_INFINITY;
            }
        }
    }
    (base, facts)
}

/// Everything not anchored starts from its prior: each group's first
/// choice, and which groups are settled (reliable) by it.
fn first_choices(cands: &[Candidate], groups: &mut [Group], base: &[f64], inside: &[bool]) -> Vec<bool> {
    let mut reliable = vec![false; groups.len()];
    for (gi, g) in groups.iter_mut().enumerate() {
        if g.anchored {
            reliable[gi] = true;
            continue;
        }
        let (best, margin) = best_of(&g.members, |x| base[x]);
        g.chosen = best;
        let c = &cands[best];
        let small = is_small_city(c) && !g.locative;
        reliable[gi] = !small && !inside[gi] && (g.members.len() == 1 || margin >= 1.0);
    }
    reliable
}

/// What the weighing of the merged groups reads (see [`Weighing::rounds`]).
struct Weighing<'c> {
    cands: &'c [Candidate],
    key_id: &'c [u32],
    distinct_keys: usize,
    base: &'c [f64],
    facts: &'c PerMember<Facts<'c>>,
    support: &'c [u8],
    siblings: &'c [(usize, usize)],
    inside: &'c [bool],
    radii: &'c Radii,
}

/// Candidates set aside by the weighing, by candidate index (for
/// `--explain`, and filled only then).
struct Marks {
    /// Towns set aside for a country or division of their name.
    namesake_out: Vec<bool>,
    /// Candidates of another level than their list.
    list_out: Vec<bool>,
}

impl Weighing<'_> {
    /// Evidence 2-5 of the module docs: context from the choices of the
    /// other mentions that are settled, twice: a mention settled by the
    /// first round informs the second ("Alexandria" near a qualified
    /// "Pineville" then speaks for the Louisiana towns around it). Leaves
    /// `reliable` as the second round settled it.
    fn rounds(&self, groups: &mut [Group], reliable: &mut Vec<bool>, explain: bool) -> Marks {
        let (cands, key_id, facts) = (self.cands, self.key_id, self.facts);
        let mut marks = Marks { namesake_out: vec![false; cands.len()], list_out: vec![false; cands.len()] };
        // The first round's settled mentions and choices, and each group's
        // best candidate and margin: a second round over the same settled
        // choices weighs every group as the first did.
        let mut first: Option<(Vec<bool>, Vec<usize>)> = None;
        let mut first_best = vec![(0, 0.0); groups.len()];
        for round in 0..2 {
            let choices: Vec<usize> = groups.iter().map(|g| g.chosen).collect();
            let again = first.as_ref().is_some_and(|(r, c)| {
                *r == *reliable && (0..groups.len()).all(|gj| !reliable[gj] || c[gj] == choices[gj])
            });
            // The settled mentions, as the facts `score` reads, once a round.
            let mut context: Vec<Settled> = Vec::with_capacity(groups.len());
            context.extend(
                (0..groups.len())
                    .filter(|&gj| reliable[gj])
                    .map(|gj| Settled::of(gj, key_id[choices[gj]], &facts[choices[gj]])),
            );
            let mut own = Vec::with_capacity(context.len());
            // (Sized for the whole context: filled group by group, it would
            // grow one doubling at a time.)
            let mut others =
                Others { all: Vec::with_capacity(context.len()), points: Vec::with_capacity(context.len()) };
            // The keys of the group being weighed, by key id.
            let mut mine = vec![false; self.distinct_keys];
            let mut settled = reliable.clone();
            for gi in 0..groups.len() {
                if groups[gi].anchored || groups[gi].members.len() < 2 {
                    continue;
                }
                let members = &groups[gi].members;
                // A name does not vouch for itself: its other mentions are left out.
                members.iter().for_each(|&x| mine[key_id[x] as usize] = true);
                own.clear();
                own.extend(context.iter().map(|o| o.group == gi || mine[o.key as usize]));
                members.iter().for_each(|&x| mine[key_id[x] as usize] = false);
                others.fill(&context, &own);
                let as_before = again.then_some(first_best[gi]);
                let record = (explain && round == 1).then_some(&mut marks);
                let (best, margin) = self.best_in_group(gi, members, &others, reliable, &choices, as_before, record);
                first_best[gi] = (best, margin);
                groups[gi].chosen = best;
                if margin >= 2.0 && !is_small_city(&cands[best]) && !self.inside[gi] {
                    settled[gi] = true;
                }
            }
            let before = std::mem::replace(reliable, settled);
            if round == 0 {
                first = Some((before, choices));
            }
        }
        marks
    }

    /// The best of the `members` of group `gi` and its margin, weighed
    /// against the settled `others` (`first`: the first round's answer,
    /// where the second round would weigh as it did); `marks` records
    /// what was set aside, where given.
    #[allow(clippy::too_many_arguments)]
    fn best_in_group(
        &self,
        gi: usize,
        members: &[usize],
        others: &Others,
        reliable: &[bool],
        choices: &[usize],
        first: Option<(usize, f64)>,
        marks: Option<&mut Marks>,
    ) -> (usize, f64) {
        let (cands, base, facts, support, siblings, radii) =
            (self.cands, self.base, self.facts, self.support, self.siblings, self.radii);
        // A country or a first-level division shares its name with
        // towns ("Mexico", Missouri; "Ontario", California): the town
        // needs its own state named, or a settled place of that state
        // nearby; the wider context of other names is not enough.
        // (Only the name's first reading lends it: a small division
        // abroad named like a large city lends that name nothing.)
        let top = best_of(members, |x| base[x]).0;
        let namesake = namesake_of_towns(&cands[top], base[top]);
        // A list of states or countries names no towns: next to a
        // settled state, county or country, a name that can be one is
        // not a town ("California, Oregon and Washington").
        let from = siblings.partition_point(|&(g, _)| g < gi);
        let list_division = siblings[from..]
            .iter()
            .take_while(|&&(g, _)| g == gi)
            .any(|&(_, gj)| reliable[gj] && is_territory(&cands[choices[gj]]))
            && members.iter().any(|&x| is_territory(&cands[x]));
        // Next to a settled state of a country, a name that can be a
        // state of that country is one ("Alabama, Georgia and Florida").
        let adm1 = |c: &Candidate| c.ty == EntityType::Region && feature(c) == "ADM1";
        let list_state = siblings[from..]
            .iter()
            .take_while(|&&(g, _)| g == gi)
            .filter(|&&(_, gj)| reliable[gj])
            .map(|&(_, gj)| &cands[choices[gj]])
            .find(|&o| adm1(o) && members.iter().any(|&x| adm1(&cands[x]) && cands[x].attrs.country == o.attrs.country))
            .map(|o| o.attrs.country.as_deref());
        let off_list = |x: usize| {
            let c = &cands[x];
            list_division && c.ty == EntityType::City
                || list_state.is_some_and(|cc| !(adm1(c) && c.attrs.country.as_deref() == cc))
        };
        let borrowed = |x: usize| is_namesake_town(&cands[x]) && !lies_in(&cands[x], &cands[top]);
        let (best, margin) = match first {
            Some(first) => first,
            None => best_of(members, |x| {
                if off_list(x) {
                    return f64::NEG_INFINITY;
                }
                let (s, own_division) = score(&facts[x], base[x], others, radii);
                if namesake && !own_division && borrowed(x) {
                    return f64::NEG_INFINITY;
                }
                s + SUPPORT * support[x] as f64
            }),
        };
        if let Some(marks) = marks {
            if namesake {
                for &x in members {
                    marks.namesake_out[x] = borrowed(x) && !score(&facts[x], base[x], others, radii).1;
                }
            }
            for &x in members {
                marks.list_out[x] = off_list(x);
            }
        }
        if *DEBUG_SCORES {
            for &x in members {
                eprintln!(
                    "  score {} {} {:?} {:.2} support {}",
                    cands[x].name(),
                    cands[x].ty.as_str(),
                    country_of(&cands[x]),
                    score(&facts[x], base[x], others, radii).0,
                    support[x]
                );
            }
        }
        (best, margin)
    }
}

/// Added to a namesake's prior to rank it above every namesake abroad
/// (priors are below 10).
const HOME_FIRST: f64 = 100.0;

/// Small places need evidence; without it, the largest other place of
/// that name (in the article's countries first), or none: per group,
/// whether it stays.
fn small_towns_need_evidence(
    cands: &[Candidate],
    groups: &mut [Group],
    facts: &PerMember<Facts>,
    reliable: &[bool],
    radii: &Radii,
) -> Vec<bool> {
    let choices: Vec<usize> = groups.iter().map(|g| g.chosen).collect();
    let mut keep = vec![true; groups.len()];
    for gi in 0..groups.len() {
        let g = &groups[gi];
        let c = &cands[g.chosen];
        if c.source != Source::Gazetteer || !is_small_city(c) || g.qualified || g.locative {
            continue;
        }
        let near = facts[g.chosen].point.is_some_and(|p| {
            choices.iter().enumerate().any(|(gj, &y)| {
                let o = &facts[y];
                gj != gi && reliable[gj] && !o.national && o.point.is_some_and(|q| p.within(&q, &radii.near))
            })
        });
        if near {
            continue;
        }
        let big: Vec<usize> = g.members.iter().copied().filter(|&x| !is_small_city(&cands[x])).collect();
        if big.is_empty() {
            keep[gi] = false;
            continue;
        }
        // The largest namesake, in the article's countries first (a
        // "Burlington" in a story from Ohio is one of the United States'),
        // unless a country or a state has the name ("Mexico", New York, in
        // a story that names New York, keeps the largest reading).
        let namesake = g.members.iter().any(|&x| {
            let m = &cands[x];
            m.ty == EntityType::Country || m.ty == EntityType::Region && feature(m) == "ADM1"
        });
        let home = |x: usize| {
            !namesake
                && choices.iter().enumerate().any(|(gj, &y)| {
                    gj != gi
                        && reliable[gj]
                        && country_of(&cands[y]).is_some()
                        && country_of(&cands[y]) == country_of(&cands[x])
                })
        };
        groups[gi].chosen = best_of(&big, |x| prior(&cands[x]) + if home(x) { HOME_FIRST } else { 0.0 }).0;
    }
    keep
}

/// Points of the compass ("North", "Northeast") are regions of a
/// country only where the article names that country or calls them
/// "the North", and never before a place name ("Northeast Ohio": a part
/// of Texas). Per group, whether it goes as such (and `keep` no longer
/// keeps it).
#[allow(clippy::too_many_arguments)]
fn compass_points(
    text: &str,
    tokens: &[Token],
    an: &Analysis,
    cands: &[Candidate],
    groups: &[Group],
    mention_groups: &[Group],
    mentions: &[usize],
    keep: &mut [bool],
) -> Vec<bool> {
    let mut compass_out = vec![false; groups.len()];
    let mut the_compass = vec![false; groups.len()];
    for (g, &u) in mention_groups.iter().zip(mentions) {
        let c = &cands[g.members[0]];
        if !g.members.iter().any(|&i| cands[i].ty == EntityType::Region) {
            continue;
        }
        let Some(e) = compass_span(text, tokens, an, c.span) else { continue };
        if e < tokens.len() && group_at(e, mention_groups).is_some() {
            compass_out[u] = true;
        }
        let s = g.tok.0;
        the_compass[u] |= s > 0 && tokens[s - 1].is_word() && tokens[s - 1].text(text).eq_ignore_ascii_case("the");
    }
    let compass_name: Vec<bool> = groups.iter().map(|g| is_compass_name(text, tokens, an, &cands[g.chosen])).collect();
    for gi in 0..groups.len() {
        if !keep[gi] || compass_out[gi] || the_compass[gi] || !compass_name[gi] {
            continue;
        }
        let cc = cands[groups[gi].chosen].attrs.country.as_deref();
        let named = (0..groups.len()).any(|gj| {
            let o = &cands[groups[gj].chosen];
            gj != gi && keep[gj] && !compass_name[gj] && cc.is_some() && country_of(o) == cc
        });
        compass_out[gi] = !named;
    }
    for gi in 0..groups.len() {
        keep[gi] &= !compass_out[gi];
    }
    compass_out
}

/// Every group's members and choice, to stderr (`GAZETTE_DEBUG`).
fn debug_choices(text: &str, cands: &[Candidate], groups: &[Group]) {
    for g in groups {
        let names: Vec<String> = g
            .members
            .iter()
            .map(|&i| {
                format!(
                    "{}{}:{}/{:?}",
                    if i == g.chosen { "*" } else { "" },
                    cands[i].name(),
                    cands[i].ty.as_str(),
                    country_of(&cands[i])
                )
            })
            .collect();
        eprintln!("place {:?} {}", &text[cands[g.chosen].span.start..cands[g.chosen].span.end], names.join(" "));
    }
}

/// What the weighing decided of each mention, for [`drop_unchosen`].
struct Outcome<'o> {
    mention_groups: &'o [Group],
    /// Each mention's merged group.
    mentions: &'o [usize],
    /// Per merged group: it stays.
    keep: &'o [bool],
    /// Per merged group: a point of the compass that is no place.
    compass_out: &'o [bool],
}

/// Drop every place candidate but each kept mention's choice (which takes
/// the highest priority of its mention), and the `settled_out`; say why
/// in `rejected`.
fn drop_unchosen(
    cands: &mut Vec<Candidate>,
    rejected: Option<&mut Vec<Rejection>>,
    groups: &[Group],
    outcome: &Outcome,
    marks: &Marks,
    settled_out: Vec<usize>,
) {
    let mut drop = vec![false; cands.len()];
    // Why each dropped candidate went (for `--explain`).
    let mut why = vec![Rule::ResolveSameNamePlace; cands.len()];
    for (g, &u) in outcome.mention_groups.iter().zip(outcome.mentions) {
        let (keep, chosen) = (outcome.keep[u], cands[groups[u].chosen].key());
        let top = g.members.iter().map(|&i| cands[i].priority).max().unwrap_or(0);
        let mine = g.members.iter().copied().find(|&i| cands[i].key() == chosen);
        for &i in &g.members {
            drop[i] = !keep || Some(i) != mine;
            if outcome.compass_out[u] {
                why[i] = Rule::PlaceCompassPoint;
            } else if !keep {
                why[i] = Rule::PlaceTownNeedsEvidence;
            } else if marks.list_out[i] {
                why[i] = Rule::PlaceListLevel;
            } else if marks.namesake_out[i] {
                why[i] = Rule::PlaceNamesakeTown;
            }
        }
        if let (true, Some(i)) = (keep, mine) {
            cands[i].priority = top;
        }
    }
    for i in settled_out {
        drop[i] = true;
    }
    if let Some(r) = rejected {
        let dropped = (0..cands.len()).filter(|&i| drop[i]);
        r.extend(dropped.map(|i| Rejection { span: cands[i].span, ty: cands[i].ty.clone(), rule: why[i] }));
    }
    let mut k = 0;
    cands.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// `GAZETTE_DEBUG_PLACES` set: every candidate's score to stderr; and
/// `GAZETTE_DEBUG`: every choice (for developers). Read once, not per article.
static DEBUG_SCORES: LazyLock<bool> = LazyLock::new(|| std::env::var_os("GAZETTE_DEBUG_PLACES").is_some());
static DEBUG_CHOICES: LazyLock<bool> = LazyLock::new(|| std::env::var_os("GAZETTE_DEBUG").is_some());

/// Score of each other name that could be a place near a candidate.
const SUPPORT: f64 = 1.5;

/// Per candidate index: the number (at most 3) of other place names of the
/// article, outside people's names and not national-level, with a
/// candidate within [`AREA_KM`] of it (twice that for a division).
fn spatial_support(
    text: &str,
    groups: &[Group],
    inside: &[bool],
    cands: &[Candidate],
    facts: &PerMember<Facts>,
    radii: &Radii,
) -> Vec<u8> {
    let mut support = vec![0u8; cands.len()];
    if !groups.iter().any(|g| g.members.len() > 1) {
        return support;
    }
    // A group's name folded, into `key`.
    let surface = |g: &Group, key: &mut String| {
        let sp = cands[g.members[0]].span;
        crate::gazetteer::fold::key_into(&text[sp.start..sp.end], key);
    };
    let mut key = String::new();
    // Other names: groups with distinct keys, and their points (capped):
    // (point, is a division, the name's number in `names`). The names'
    // keys are spelt one after another in `spelt`, ending at `names[k]`.
    let mut spelt = String::new();
    let mut names: Vec<usize> = Vec::new();
    let find = |names: &[usize], spelt: &str, key: &str| {
        let mut from = 0;
        names.iter().position(|&end| {
            let same = &spelt[from..end] == key;
            from = end;
            same
        })
    };
    // (Sized for every point at most: a filtered extend grows one
    // doubling at a time.)
    let mut pts: Vec<(Point, bool, u32)> = Vec::with_capacity(groups.iter().map(|g| g.members.len().min(48)).sum());
    // Each group's entry in `names`, where it has one.
    let mut name_of = vec![None; groups.len()];
    for (gi, g) in groups.iter().enumerate() {
        if inside[gi] {
            continue;
        }
        let mine = g.members.iter().take(48).filter(|&&x| !facts[x].national);
        if !mine.clone().any(|&x| facts[x].point.is_some()) {
            continue;
        }
        surface(g, &mut key);
        let k = find(&names, &spelt, &key).unwrap_or_else(|| {
            spelt.push_str(&key);
            names.push(spelt.len());
            names.len() - 1
        });
        name_of[gi] = Some(k);
        pts.extend(mine.filter_map(|&x| facts[x].point.map(|p| (p, facts[x].division, k as u32))));
    }
    // Points by latitude: a candidate looks only at those within the
    // largest radius north and south of it (1 degree of latitude is 111 km).
    pts.sort_unstable_by(|a, b| a.0.lat.total_cmp(&b.0.lat));
    let band = 2.0 * AREA_KM / 111.0;
    // `counted[k] == stamp`: name `k` counted for the candidate
    // being weighed (one table for all candidates, not cleared between
    // them; each candidate has its own stamp).
    let mut counted = vec![0usize; names.len()];
    let mut stamp = 0;
    for (gi, g) in groups.iter().enumerate().filter(|(_, g)| g.members.len() > 1) {
        // Its own name's entry (names are distinct), found once.
        let own = name_of[gi].or_else(|| {
            surface(g, &mut key);
            find(&names, &spelt, &key)
        });
        for &x in &g.members {
            let c = &facts[x];
            let Some(p) = c.point else { continue };
            stamp += 1;
            if let Some(k) = own {
                counted[k] = stamp;
            }
            let mut n = 0u8;
            let from = pts.partition_point(|q| q.0.lat < p.lat - band);
            for (q, div, k) in pts[from..].iter().take_while(|q| q.0.lat <= p.lat + band) {
                let k = *k as usize;
                if counted[k] == stamp {
                    continue;
                }
                let r = if *div || c.division { &radii.division } else { &radii.area };
                if (q.lat - p.lat).abs() * 111.0 <= r.km && p.within(q, r) {
                    counted[k] = stamp;
                    n += 1;
                    if n == 3 {
                        break;
                    }
                }
            }
            support[x] = n;
        }
    }
    support
}

/// For an article whose place names are each one place: true if the
/// point of the compass `cands[i]` is no place (see [`choose`]): a place
/// name follows it, or it is not "the North" and no other place of the
/// article lies in its country.
fn lone_compass_out(text: &str, tokens: &[Token], an: &Analysis, cands: &[Candidate], idx: &[usize], i: usize) -> bool {
    let c = &cands[i];
    let Some(e) = compass_span(text, tokens, an, c.span) else { return false };
    if e < tokens.len() && idx.iter().any(|&j| cands[j].span.start == tokens[e].start()) {
        return true;
    }
    let s = token_at(tokens, c.span.start).unwrap_or(0);
    if s > 0 && tokens[s - 1].is_word() && tokens[s - 1].text(text).eq_ignore_ascii_case("the") {
        return false;
    }
    let cc = c.attrs.country.as_deref();
    !idx.iter().any(|&j| {
        let o = &cands[j];
        j != i && cc.is_some() && country_of(o) == cc && compass_span(text, tokens, an, o.span).is_none()
    })
}

/// If the words of `span` are all points of the compass ("North",
/// "North-East"), the token after them.
fn compass_span(text: &str, tokens: &[Token], an: &Analysis, span: Span) -> Option<usize> {
    // The longest ("north-western", "North Eastern") has 14 letters, and
    // every one starts with one of these: most names stop here.
    let first = *text.as_bytes().get(span.start)?;
    if span.len() > 16 || !matches!(first, b'N' | b'S' | b'E' | b'W' | b'C' | b'n' | b's' | b'e' | b'w' | b'c') {
        return None;
    }
    let s = token_at(tokens, span.start)?;
    if !an.is_compass(s) {
        return None;
    }
    let n = tokens[s..].iter().take_while(|t| t.start() < span.end).count();
    let words = (s..s + n).filter(|&i| tokens[i].is_word());
    (n > 0 && words.clone().all(|i| an.is_compass(i)) && !text[span.start..span.end].is_empty()).then_some(s + n)
}

fn is_small(c: &Candidate) -> bool {
    c.attrs.population.unwrap_or(0) < SMALL && !matches!(feature(c), "PPLC" | "PPLG" | "PPLA" | "PPLA2")
}

fn is_small_city(c: &Candidate) -> bool {
    c.ty == EntityType::City && is_small(c)
}

/// The member with the highest `f`, and its lead over the next (ties: the first).
fn best_of(members: &[usize], f: impl Fn(usize) -> f64) -> (usize, f64) {
    let (mut best, mut top, mut second) = (members[0], f64::NEG_INFINITY, f64::NEG_INFINITY);
    for &x in members {
        let v = f(x);
        if v > top {
            (second, top, best) = (top, v, x);
        } else if v > second {
            second = v;
        }
    }
    (best, if second.is_finite() { top - second } else { f64::INFINITY })
}

/// Values for some of an article's candidates (the members of the
/// place groups), by candidate index: a slot per candidate, and the
/// values in a vector of their own, as most candidates are no member and
/// a value ([`Facts`]) is large. A candidate without one reads the
/// default.
struct PerMember<T> {
    slot: Vec<u32>,
    items: Vec<T>,
}

impl<T: Default> PerMember<T> {
    fn new(n: usize, members: usize) -> PerMember<T> {
        let mut items = Vec::with_capacity(members + 1);
        items.push(T::default());
        PerMember { slot: vec![0; n], items }
    }

    fn set(&mut self, x: usize, v: T) {
        match self.slot[x] {
            0 => {
                self.slot[x] = self.items.len() as u32;
                self.items.push(v);
            }
            k => self.items[k as usize] = v,
        }
    }
}

impl<T> std::ops::Index<usize> for PerMember<T> {
    type Output = T;

    fn index(&self, x: usize) -> &T {
        &self.items[self.slot[x] as usize]
    }
}

/// What [`score`] reads of a settled mention's chosen place.
struct Settled<'a> {
    /// Its group.
    group: usize,
    /// Its key, as an id of [`choose`]'s key table.
    key: u32,
    /// A country.
    country_ty: bool,
    /// The country it is in (a country: itself).
    country_of: Code<'a>,
    country: Code<'a>,
    admin1: Code<'a>,
    adm1: bool,
    /// Not national-level, and where it is.
    local_point: Option<Point>,
    division: bool,
}

impl<'a> Settled<'a> {
    fn of(group: usize, key: u32, o: &Facts<'a>) -> Settled<'a> {
        Settled {
            group,
            key,
            country_ty: o.country_ty,
            country_of: o.country_of,
            country: o.country,
            admin1: o.admin1,
            adm1: o.adm1,
            local_point: if o.national { None } else { o.point },
            division: o.division,
        }
    }
}

/// What the weighing reads of a place candidate, worked out once per
/// article rather than at every comparison.
#[derive(Clone, Copy, Default)]
struct Facts<'a> {
    /// A country.
    country_ty: bool,
    /// The country it is in (a country: itself).
    country_of: Code<'a>,
    country: Code<'a>,
    admin1: Code<'a>,
    iso: Code<'a>,
    /// A first-level division.
    adm1: bool,
    /// A first- or second-level division.
    division: bool,
    /// A national or government capital.
    capital: bool,
    /// National-level (see [`national`]).
    national: bool,
    point: Option<Point>,
}

impl<'a> Facts<'a> {
    fn of(c: &'a Candidate) -> Facts<'a> {
        Facts {
            country_ty: c.ty == EntityType::Country,
            country_of: Code::of(country_of(c)),
            country: Code::of(c.attrs.country.as_deref()),
            admin1: Code::of(c.attrs.admin1.as_deref()),
            iso: Code::of(c.attrs.iso.as_deref()),
            adm1: c.ty == EntityType::Region && feature(c) == "ADM1",
            division: is_division(c),
            capital: matches!(feature(c), "PPLC" | "PPLG"),
            national: national(c),
            point: point(c).map(|(lat, lon)| Point::new(lat, lon)),
        }
    }
}

/// Slots of the per-thread cache of [`prior_and_facts`] (a power of two):
/// room for the place rows a run weighs again and again (some 6,000 in
/// the 1.9 MB of the shared dev articles).
const FACTS_SLOTS: usize = 8192;

/// A slot of the cache of [`prior_and_facts`]: 88 bytes.
#[derive(Default)]
struct FactsSlot {
    /// A clone of the attributes' `Arc`: while it is cached, the
    /// allocation cannot be freed and reused by other attributes, so
    /// pointer equality is identity.
    attrs: Option<Arc<Attrs>>,
    prior: f64,
    /// The packed codes: the country it is in, its country, its
    /// first-level division, its own code (see [`Code`]).
    codes: [u64; 4],
    point: Point,
    /// The candidate's type ([`place_type`]).
    ty: u8,
    /// [`FACT_COUNTRY`]...
    flags: u8,
}

const FACT_COUNTRY: u8 = 1;
const FACT_ADM1: u8 = 2;
const FACT_DIVISION: u8 = 4;
const FACT_CAPITAL: u8 = 8;
const FACT_NATIONAL: u8 = 16;
const FACT_POINT: u8 = 32;

/// A place type as a small number (0: no place type).
fn place_type(t: &EntityType) -> u8 {
    match t {
        EntityType::City => 1,
        EntityType::Country => 2,
        EntityType::Region => 3,
        _ => 0,
    }
}

/// [`prior`] and [`Facts::of`] of a place candidate, from a per-thread
/// cache where its attributes are shared: a gazetteer row's attributes
/// are one `Arc` for every mention of the row (see
/// `names::gazetteer_candidate`), so a row's prior and facts (its
/// population's logarithm, the cosine of its latitude, its codes packed)
/// are worked out at the first article that weighs it, not at each.
/// Both depend on the candidate's type and attributes alone.
fn prior_and_facts(c: &Candidate) -> (f64, Facts<'_>) {
    thread_local! {
        static CACHE: std::cell::RefCell<Vec<FactsSlot>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let ty = place_type(&c.ty);
    // Attributes held by one candidate alone are this article's own.
    if ty == 0 || Arc::strong_count(&c.attrs) < 2 {
        return (prior(c), Facts::of(c));
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.is_empty() {
            cache.resize_with(FACTS_SLOTS, FactsSlot::default);
        }
        let h = (Arc::as_ptr(&c.attrs) as usize as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = &mut cache[(h >> (64 - FACTS_SLOTS.ilog2())) as usize];
        if slot.ty == ty && slot.attrs.as_ref().is_some_and(|a| Arc::ptr_eq(a, &c.attrs)) {
            let (f, [country_of, country, admin1, iso]) = (slot.flags, slot.codes);
            let facts = Facts {
                country_ty: f & FACT_COUNTRY != 0,
                country_of: Code(country_of, None),
                country: Code(country, None),
                admin1: Code(admin1, None),
                iso: Code(iso, None),
                adm1: f & FACT_ADM1 != 0,
                division: f & FACT_DIVISION != 0,
                capital: f & FACT_CAPITAL != 0,
                national: f & FACT_NATIONAL != 0,
                point: (f & FACT_POINT != 0).then_some(slot.point),
            };
            return (slot.prior, facts);
        }
        let (p, f) = (prior(c), Facts::of(c));
        // (A code too long to pack is compared by its text: not cached.)
        let codes = [f.country_of, f.country, f.admin1, f.iso];
        if codes.iter().all(|k| k.0 != Code::LONG) {
            let flag = |b: bool, bit: u8| if b { bit } else { 0 };
            *slot = FactsSlot {
                attrs: Some(Arc::clone(&c.attrs)),
                prior: p,
                codes: codes.map(|k| k.0),
                point: f.point.unwrap_or_default(),
                ty,
                flags: flag(f.country_ty, FACT_COUNTRY)
                    | flag(f.adm1, FACT_ADM1)
                    | flag(f.division, FACT_DIVISION)
                    | flag(f.capital, FACT_CAPITAL)
                    | flag(f.national, FACT_NATIONAL)
                    | flag(f.point.is_some(), FACT_POINT),
            };
        }
        (p, f)
    })
}

/// A place's position, with what [`distance_km`] computes of it alone
/// (radians, the cosine of the latitude) worked out once.
#[derive(Clone, Copy, Debug, Default)]
struct Point {
    lat: f64,
    lat_r: f64,
    lon_r: f64,
    cos_lat: f64,
}

impl Point {
    fn new(lat: f64, lon: f64) -> Point {
        let lat_r = lat.to_radians();
        Point { lat, lat_r, lon_r: lon.to_radians(), cos_lat: lat_r.cos() }
    }

    /// `distance_km` of the two points `<= r.km`, computed as it does; the
    /// arcsine only where the haversine is within a hair of the radius's.
    fn within(&self, o: &Point, r: &Radius) -> bool {
        // Bounds on the haversine without the sines first: for x in
        // [0, pi/2], x - x^3/6 <= sin x <= x (half the differences of
        // latitude and of longitude, the way round the globe that is
        // shorter, lie there).
        use std::f64::consts::PI;
        let y = (o.lat_r - self.lat_r).abs() / 2.0;
        let d = (o.lon_r - self.lon_r).abs();
        let x = d.min(2.0 * PI - d) / 2.0;
        let cc = self.cos_lat * o.cos_lat;
        // (Coordinates out of range, as a user's list may have, skip them.)
        if y <= PI / 2.0 && (0.0..=PI / 2.0).contains(&x) && cc >= 0.0 {
            let (y_low, x_low) = (y - y * y * y / 6.0, x - x * x * x / 6.0);
            if y_low * y_low + cc * x_low * x_low >= r.h_above {
                return false;
            }
            if y * y + cc * x * x <= r.h_below {
                return true;
            }
        }
        let h = ((o.lat_r - self.lat_r) / 2.0).sin().powi(2)
            + self.cos_lat * o.cos_lat * ((o.lon_r - self.lon_r) / 2.0).sin().powi(2);
        if h <= r.h_below {
            return true;
        }
        if h >= r.h_above {
            return false;
        }
        2.0 * 6371.0 * h.sqrt().min(1.0).asin() <= r.km
    }
}

/// A radius, and the haversines (see [`distance_km`]) clearly inside and
/// clearly outside it: monotonic arithmetic cannot turn a difference of a
/// millionth into a different answer.
struct Radius {
    km: f64,
    h_below: f64,
    h_above: f64,
}

impl Radius {
    fn new(km: f64) -> Radius {
        let h = (km / (2.0 * 6371.0)).sin().powi(2);
        Radius { km, h_below: h * (1.0 - 1e-6), h_above: h * (1.0 + 1e-6) }
    }
}

/// The radii of the weighing.
struct Radii {
    near: Radius,
    area: Radius,
    division: Radius,
}

static RADII: LazyLock<Radii> = LazyLock::new(|| Radii {
    near: Radius::new(NEAR_KM),
    area: Radius::new(AREA_KM),
    division: Radius::new(2.0 * AREA_KM),
});

/// A country or division code (or none) packed into one integer, so that
/// [`score`]'s loop over the settled places compares integers, not
/// strings: none is 0; a code of up to 7 bytes (every ISO and GeoNames
/// code) is its bytes and its length; a longer one (a user gazetteer's) is
/// [`Code::LONG`], and then its text decides.
#[derive(Clone, Copy, Default)]
struct Code<'a>(u64, Option<&'a str>);

impl<'a> Code<'a> {
    const LONG: u64 = u64::MAX;

    fn of(s: Option<&'a str>) -> Code<'a> {
        let packed = match s {
            None => 0,
            // (Byte by byte: a copy of a slice this short would be a call.)
            Some(s) if s.len() <= 7 => {
                let bytes = s.bytes().enumerate().fold(0, |v, (k, b)| v | u64::from(b) << (8 * k));
                bytes | (s.len() as u64 + 1) << 56
            }
            Some(_) => Code::LONG,
        };
        Code(packed, s)
    }

    fn is_some(self) -> bool {
        self.0 != 0
    }

    /// Equal codes (two nones are equal, as `Option`s are).
    fn same(self, o: Code) -> bool {
        self.0 == o.0 && (self.0 != Code::LONG || self.1 == o.1)
    }
}

/// True if "state of" or "province of" comes before token `s` ("the state
/// of Georgia").
fn s_of_division(text: &str, tokens: &[Token], s: usize) -> bool {
    s >= 2
        && tokens[s - 1].is_word()
        && tokens[s - 1].bytes(text) == b"of"
        && tokens[s - 2].is_word()
        && matches!(tokens[s - 2].bytes(text), b"state" | b"province")
}

/// True if the tokens between two place names make them items of one
/// list: a comma, "and" or "or", or a comma and one of those, perhaps with
/// the preposition again ("in England and in Wales").
fn list_gap(text: &str, between: &[Token]) -> bool {
    let word = |t: &Token| t.is_word() && matches!(t.bytes(text), b"and" | b"or");
    // "in England and in Wales": the preposition said again.
    let prep = |t: &Token| t.is_word() && matches!(t.bytes(text), b"in" | b"across" | b"from" | b"to");
    match between {
        [a] => a.is_punct(text, ',') || word(a),
        [a, b] => a.is_punct(text, ',') && word(b) || word(a) && prep(b),
        [a, b, c] => a.is_punct(text, ',') && word(b) && prep(c),
        _ => false,
    }
}

/// A country, or a first- or second-level division.
fn is_territory(c: &Candidate) -> bool {
    c.ty == EntityType::Country || is_division(c)
}

/// A country, or a first-level division still in the running (not named
/// like its seat): a place whose name towns borrow.
fn namesake_of_towns(c: &Candidate, base: f64) -> bool {
    c.ty == EntityType::Country || c.ty == EntityType::Region && feature(c) == "ADM1" && base.is_finite()
}

/// A city that may have borrowed a country's or division's name (a
/// national capital has not: "Washington"; nor has a city in the country
/// or division of its name: "New York", "Lagos").
fn is_namesake_town(c: &Candidate) -> bool {
    c.ty == EntityType::City && !matches!(feature(c), "PPLC" | "PPLG")
}

/// The settled other mentions a group's candidates are weighed against
/// (the context less the group's own name), gathered once per group and
/// round rather than filtered again for every candidate: all of them,
/// and the positions of the local ones (with whether each is a division).
#[derive(Default)]
struct Others<'s, 'a> {
    all: Vec<&'s Settled<'a>>,
    points: Vec<(Point, bool)>,
}

impl<'s, 'a> Others<'s, 'a> {
    /// Refill with the entries of `context` not marked `own`.
    fn fill(&mut self, context: &'s [Settled<'a>], own: &[bool]) {
        self.all.clear();
        self.points.clear();
        for (o, _) in context.iter().zip(own).filter(|(_, &own)| !own) {
            self.all.push(o);
            if let Some(q) = o.local_point {
                self.points.push((q, o.division));
            }
        }
    }
}

/// A candidate's score given the settled other mentions (`others`: the
/// context less the candidate's own name), and whether its own
/// first-level division is named in the article or implied by a settled
/// place near it.
fn score(c: &Facts, base: f64, others: &Others, radii: &Radii) -> (f64, bool) {
    let mut s = base;
    let (mut country, mut named_admin1, mut implied_admin1) = (false, false, false);
    // Places of another country in the article ("US and Chinese officials
    // will meet in Geneva ... in Beijing"): its own country is one of
    // several, weaker evidence for a town of the name there.
    let mut elsewhere = false;
    let is_country = c.country_ty;
    let (c_country_of, c_country, c_admin1, c_iso) = (c.country_of, c.country, c.admin1, c.iso);
    let admin1 = !is_country && c_admin1.is_some();
    for o in &others.all {
        if is_country {
            country |= !o.country_ty && o.country.same(c_iso);
        } else {
            country |= o.country_of.is_some() && o.country_of.same(c_country_of);
            elsewhere |= o.country_of.is_some() && !o.country_of.same(c_country_of);
            if admin1 && o.country.same(c_country) && o.admin1.same(c_admin1) {
                if o.adm1 {
                    named_admin1 = true;
                } else {
                    implied_admin1 = true;
                }
            }
        }
    }
    let near = c.point.as_ref().is_some_and(|p| {
        others.points.iter().any(|(q, division)| {
            // A division's position is its middle: a place in it may lie
            // farther than that.
            let radius = if *division || c.division { &radii.division } else { &radii.area };
            // 1 degree of latitude is 111 km: most pairs fail this first.
            (p.lat - q.lat).abs() * 111.0 <= radius.km && p.within(q, radius)
        })
    });
    // A national capital whose country the article names is that
    // country's city ("Russia" ... "Moscow"), as a town is its named state's.
    let named_capital =
        country && c.capital && others.all.iter().any(|o| o.country_ty && o.country_of.same(c_country_of));
    if named_capital {
        // Stronger than a named state: a town of a state the article
        // names needs a qualifier to take a named country's capital's name.
        s += 4.5;
    } else if named_admin1 {
        s += 3.0;
    } else if implied_admin1 {
        s += 2.0;
    }
    if near {
        s += 2.5;
    }
    if country {
        s += if elsewhere { 0.75 } else { 1.5 };
    }
    (s, named_admin1 || implied_admin1 && near)
}

/// Share of place mentions a country or division needs to be a focus.
const FOCUS_SHARE: f64 = 0.2;

/// The places an article is about, as CLIFF's "focus": every place
/// mention counts for its country and its first-level division (a city
/// for its own, a county for its state, a state or country for itself);
/// those with at least a fifth of the mentions are the focus, at most
/// three countries and three divisions, most first; the most mentioned
/// city too, when it is named at least twice and has a fifth of the
/// mentions.
pub fn focus(entities: &[Resolved], gaz: &Gazetteers) -> Vec<Focus> {
    let mut total = 0usize;
    // Codes borrowed from the entities: strings are made for the focus only.
    let mut countries: Vec<(&str, usize)> = Vec::new();
    let mut divisions: Vec<(&str, &str, usize)> = Vec::new();
    let mut city: Option<(usize, usize)> = None;
    fn add<K: PartialEq>(v: &mut Vec<(K, usize)>, k: K, n: usize) {
        match v.iter_mut().find(|(x, _)| *x == k) {
            Some((_, m)) => *m += n,
            None => v.push((k, n)),
        }
    }
    for (i, e) in entities.iter().enumerate() {
        if !e.ty.is_place() {
            continue;
        }
        let a = &e.attrs;
        let n = e.mentions.len();
        let Some(cc) = a.iso.as_deref().or(a.country.as_deref()) else { continue };
        total += n;
        add(&mut countries, cc, n);
        if let (Some(a1), true) = (a.admin1.as_deref(), e.ty != EntityType::Country) {
            match divisions.iter_mut().find(|(c, d, _)| *c == cc && *d == a1) {
                Some((_, _, m)) => *m += n,
                None => divisions.push((cc, a1, n)),
            }
        }
        if e.ty == EntityType::City && city.is_none_or(|(_, m)| n > m) {
            city = Some((i, n));
        }
    }
    if total == 0 {
        return Vec::new();
    }
    let share = |n: usize| (n as f64 / total as f64 * 100.0).round() / 100.0;
    let mut out = Vec::new();
    countries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (cc, n) in countries.into_iter().take(3) {
        if share(n) < FOCUS_SHARE {
            break;
        }
        let (name, gid) = gaz.place_by_code(cc).unwrap_or((cc, None));
        out.push(Focus {
            ty: "country".into(),
            name: name.to_owned(),
            country: cc.to_owned(),
            admin1: None,
            geonames_id: gid,
            score: share(n),
        });
    }
    divisions.sort_by(|a, b| b.2.cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
    let mut code = String::new();
    for (cc, a1, n) in divisions.into_iter().take(3) {
        if share(n) < FOCUS_SHARE {
            break;
        }
        code.clear();
        code.extend([cc, ".", a1]);
        let Some((name, gid)) = gaz.place_by_code(&code) else { continue };
        out.push(Focus {
            ty: "region".into(),
            name: name.to_owned(),
            country: cc.to_owned(),
            admin1: Some(a1.to_owned()),
            geonames_id: gid,
            score: share(n),
        });
    }
    if let Some((i, n)) = city.filter(|&(_, n)| n >= 2 && share(n) >= FOCUS_SHARE) {
        let e = &entities[i];
        out.push(Focus {
            ty: "city".into(),
            name: e.name.to_string(),
            country: e.attrs.country.clone().unwrap_or_default(),
            admin1: e.attrs.admin1.clone(),
            geonames_id: e.attrs.geonames_id,
            score: share(n),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_town_named_as_such_once_is_that_town_at_its_other_mentions() {
        let ex = crate::pipeline::Extractor::default();
        let text = "Officer Dan Hull of the Cairo Police Department said the road was closed. \
                    The crash happened in Cairo, Illinois, on Monday.";
        let ents = ex.entities(text, None);
        let cairo: Vec<_> = ents.iter().filter(|e| e.ty == EntityType::City && &*e.name == "Cairo").collect();
        assert_eq!(cairo.len(), 1, "{cairo:?}");
        assert_eq!(cairo[0].mentions.len(), 2);
        assert_eq!(cairo[0].attrs.admin1.as_deref(), Some("IL"));
    }

    #[test]
    fn a_common_first_name_is_a_town_only_where_a_town_is_meant() {
        let ex = crate::pipeline::Extractor::default();
        let town =
            |text: &str| ex.entities(text, None).iter().any(|e| e.ty == EntityType::City && &*e.name == "Lillian");
        assert!(!town("Investigators said the agent lied to Lillian about the files."));
        assert!(!town("The letter from Lillian arrived on Monday."));
        assert!(town("She grew up in Lillian and moved away."));
        assert!(town("The driver, Ana Quill of Lillian, was taken to hospital."));
    }

    #[test]
    fn distances() {
        // Paris to London, about 344 km.
        let d = distance_km((48.8566, 2.3522), (51.5074, -0.1278));
        assert!((d - 344.0).abs() < 5.0, "{d}");
        assert_eq!(distance_km((10.0, 20.0), (10.0, 20.0)), 0.0);
    }

    #[test]
    fn within_answers_as_the_distance_does() {
        // Pairs all over the globe, across the date line and the poles,
        // and pairs at a hair's breadth of each radius either way.
        let mut pairs = Vec::new();
        let mut v = 12345u64;
        let mut next = || {
            v = v.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (v >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..20_000 {
            let a = (next() * 180.0 - 90.0, next() * 360.0 - 180.0);
            let b = (a.0 + (next() - 0.5) * 8.0, a.1 + (next() - 0.5) * 8.0);
            let far = (next() * 180.0 - 90.0, next() * 360.0 - 180.0);
            pairs.push((a, b.clamp_lat()));
            pairs.push((a, far));
        }
        let mut hairs = Vec::new();
        for r in [&RADII.near, &RADII.area, &RADII.division] {
            for k in -50..=50 {
                // Due north of a point, `r.km` away give or take a few
                // millimetres; and west across the date line about as far.
                let a = (40.0, -179.9);
                let deg = r.km / (6371.0 * std::f64::consts::PI / 180.0) + f64::from(k) * 1e-10;
                hairs.push(((a, (a.0 + deg, a.1)), r));
                pairs.push((a, (a.0, a.1 - deg * 1.3)));
            }
        }
        for (a, b) in pairs {
            let (p, q) = (Point::new(a.0, a.1), Point::new(b.0, b.1));
            for r in [&RADII.near, &RADII.area, &RADII.division] {
                assert_eq!(p.within(&q, r), distance_km(a, b) <= r.km, "{a:?} {b:?} {}", r.km);
            }
        }
        let inside = hairs.iter().filter(|((a, b), r)| distance_km(*a, *b) <= r.km).count();
        assert!(inside > 0 && inside < hairs.len(), "{inside}");
        for ((a, b), r) in hairs {
            let (p, q) = (Point::new(a.0, a.1), Point::new(b.0, b.1));
            assert_eq!(p.within(&q, r), distance_km(a, b) <= r.km, "{a:?} {b:?} {}", r.km);
        }
    }

    trait ClampLat {
        fn clamp_lat(self) -> Self;
    }

    impl ClampLat for (f64, f64) {
        fn clamp_lat(self) -> Self {
            (self.0.clamp(-90.0, 90.0), self.1)
        }
    }
}
