//! The tests the chunk rules of [`super::classify`] ask of a chunk's words
//! and of the words around it: titles and cues, places, organizations,
//! people.

use super::*;

/// The end of the writer's name in a byline opening a sentence or a line
/// at token `s` of the chunk `s..e`: "BY ANA TRELL" (two or three words
/// in capitals after "BY" or "By", before words in mixed case) or "By Ana
/// Trell" (the whole chunk, two or three words, before a comma or the
/// line's end); the name opens with a first name.
pub(super) fn byline_name_end(text: &str, tokens: &[Token], an: &Analysis, s: usize, e: usize) -> Option<usize> {
    if !(tokens[s].is(SENT_START) || tokens[s].is(LINE_START))
        || tokens[s].end() - tokens[s].start() != 2
        || !matches!(tokens[s].bytes(text), b"By" | b"BY")
        || s + 1 >= e
        || !an.info[s + 1].has(GIVEN)
    {
        return None;
    }
    let words = |a: usize, b: usize| (a..b).filter(|&i| tokens[i].is_word()).count();
    // No street, site or organization in it ("By Lake Road, the fields").
    const NOT_NAME: u32 = W_LOCATION_HEAD | W_FACILITY | W_ORG_HEAD | W_PLACE_NOUN | W_DATE;
    if (s + 1..e).any(|i| an.info[i].is(NOT_NAME)) {
        return None;
    }
    let caps = (s + 1..e).take_while(|&i| tokens[i].is(UPPER) || tokens[i].is_punct(text, '.')).last().map(|i| i + 1);
    if let Some(k) = caps.filter(|&k| (2..=3).contains(&words(s + 1, k)) && (k == e || !tokens[k].is(UPPER))) {
        // Not a headline in capitals ("BY THE NUMBERS").
        return (k < tokens.len() && !tokens[s].is(UPPER) || k < e).then_some(k);
    }
    let ends = e >= tokens.len() || tokens[e].is_punct(text, ',') || tokens[e].is(LINE_START);
    ((2..=3).contains(&words(s + 1, e))
        && ends
        && tokens[s + 1..e].iter().all(|t| !t.is(UPPER) || t.end() - t.start() == 1))
    .then_some(e)
}

/// True if the chunk `s..e` is a place `s..k`, then a full name of two or
/// three words opening with a first name, no listed name itself, and of
/// no English word that is no one's name ("Peru Sam Wexley").
pub(super) fn place_then_full_name(tokens: &[Token], an: &Analysis, s: usize, k: usize, e: usize) -> bool {
    let words_after = (k..e).filter(|&i| tokens[i].is_word()).count();
    k > s
        && an.info[k].has(GIVEN)
        && !has_kind(an, k, e, PLACES_ORGS)
        && (2..=3).contains(&words_after)
        && (k..e).all(|i| !tokens[i].is_word() || !an.info[i].has(COMMON) || an.info[i].has(GIVEN | SURNAME))
}

pub(super) fn is_initial(text: &str, tokens: &[Token], i: usize) -> bool {
    tokens[i].is_word()
        && tokens[i].end() - tokens[i].start() == 1
        && tokens[i].is(UPPER)
        && i + 1 < tokens.len()
        && tokens[i + 1].is_punct(text, '.')
}

/// A title `[k, k2)` inside tokens `(s, e)` with a name after it, whose
/// first word is capitalised and no title.
pub(super) fn inner_title(
    an: &Analysis,
    gaz: &Gazetteers,
    tokens: &[Token],
    s: usize,
    e: usize,
) -> Option<(usize, usize)> {
    (s + 1..e.saturating_sub(1)).find_map(|k| {
        // (A title of several words starts with a word that is none alone:
        // "First Selectman"; an honorific announces a name, no title.)
        let title_start = an.info[k].has(ROLE) || an.info[k].has(CUE_START) && !an.info[k].has(HONORIFIC);
        if !title_start || !tokens[k].is_capitalized() {
            return None;
        }
        let k2 = longest_cue(tokens, an, gaz, k, e)?;
        // (A rare family name that is a title, "President", is the title.)
        let one_name_word = k2 == k + 1
            && (an.info[k].has(GIVEN | NAME_TOKEN) || an.info[k].has(SURNAME) && frequent_surname(an, gaz, k));
        let name = &an.info[k2];
        let name_ok = k2 < e
            && tokens[k2].is_capitalized()
            && !name.has(ROLE | HONORIFIC)
            && (name.has(GIVEN | SURNAME | NAME_TOKEN) || !name.has(COMMON));
        // A title that is also a family name ("Sheriff", "King") needs a
        // first name after it or an organization word before it.
        let sure = !one_name_word || name.has(GIVEN) || an.info[k - 1].is(W_ORG_HEAD);
        (name_ok && sure).then_some((k, k2))
    })
}

/// The first organization head followed by of/for/on in tokens `[s, e)`:
/// "[Regional] Institute of Public Administration", "[Halvorsen] Institute
/// for Coastal Studies" (qualifier words may come before the head).
pub(super) fn institution_head(text: &str, tokens: &[Token], an: &Analysis, s: usize, e: usize) -> Option<usize> {
    (s..e.saturating_sub(2)).find(|&j| {
        an.info[j].is(W_OF_HEAD) && tokens[j].is_capitalized() && token_is(text, &tokens[j + 1], &["of", "for", "on"])
    })
}

/// The end of a title that starts before "of"/"for" right before `s` and
/// ends inside `[s, e)`, leaving a capitalised word after it ("Secretary
/// of | State Alan Varga": the title "Secretary of State" ends before
/// "Alan").
pub(super) fn title_across_of(
    text: &str,
    tokens: &[Token],
    an: &Analysis,
    gaz: &Gazetteers,
    s: usize,
    e: usize,
) -> Option<usize> {
    if s < 2 || !matches!(tokens[s - 1].bytes(text), b"of" | b"for") {
        return None;
    }
    (s.saturating_sub(4)..s - 1)
        .filter(|&t| tokens[t].is_capitalized())
        .find_map(|t| longest_cue(tokens, an, gaz, t, e).filter(|&k| k > s && k < e && tokens[k].is_capitalized()))
        // What follows reads as a name: a few words, the first a name's or
        // no English word ("Secretary of Defense Volunteer Service Medal"
        // names an award).
        .filter(|&k| {
            let first = an.info[k];
            (k..e).filter(|&i| tokens[i].is_word()).count() <= 4
                && !first.has(ROLE | HONORIFIC)
                && (first.has(GIVEN | SURNAME | NAME_TOKEN) || !first.has(COMMON))
        })
}

/// The token after a rank's grade at `s` ("1st Class", "First Class",
/// "Class" after "1st"), when a title or a capitalised word comes right
/// before the grade (or `titled`: the chunk's title was just stripped) and
/// a capitalised word follows it.
pub(super) fn rank_grade(
    text: &str,
    tokens: &[Token],
    an: &Analysis,
    gaz: &Gazetteers,
    s: usize,
    e: usize,
    titled: bool,
) -> Option<usize> {
    const ORDINALS: &[&str] = &["1st", "2nd", "3rd", "4th", "first", "second", "third", "fourth"];
    let is_class = |k: usize| k < e && tokens[k].end() - tokens[k].start() == 5 && tokens[k].bytes(text) == b"Class";
    if !(s..e.min(s + 3)).any(is_class) {
        return None;
    }
    // "... Officer 1st | Class Dan Moss": the chunk opens at "Class".
    let k = if is_class(s) && s >= 2 && token_is(text, &tokens[s - 1], ORDINALS) {
        // A rank of the lists, or any capitalised word: "Operator 1st
        // Class" is a rank's grade wherever it is written.
        (title_ending_at(tokens, an, gaz, s - 1) || tokens[s - 2].is_capitalized()).then_some(s + 1)?
    } else if titled && token_is(text, &tokens[s], ORDINALS) && is_class(s + 1) {
        s + 2
    } else if s + 2 < e && token_is(text, &tokens[s + 1], ORDINALS) && is_class(s + 2) {
        // "Airman First Class Li Wen": a rank the lists lack, then its grade.
        s + 3
    } else {
        return None;
    };
    let name = an.info.get(k)?;
    (k < e && tokens[k].is_capitalized() && (name.has(GIVEN | SURNAME | NAME_TOKEN) || !name.has(COMMON))).then_some(k)
}

/// True if "of", "for" or "to" (and "the") before `s` follow a title: the
/// capitalised words from `s` are its portfolio ("Minister for the ...").
pub(super) fn portfolio_before(text: &str, tokens: &[Token], an: &Analysis, gaz: &Gazetteers, s: usize) -> bool {
    let mut j = s;
    if j > 0 && token_is(text, &tokens[j - 1], &["the"]) {
        j -= 1;
    }
    j > 0 && token_is(text, &tokens[j - 1], &["of", "for", "to"]) && title_ending_at(tokens, an, gaz, j - 1)
}

/// True if posting `p` is the title of an office held in an institution:
/// a corporate, political, academic, media, military or religious title
/// (not a team's position, a court's or a crown's title, an honorific).
pub(super) fn office_title(gaz: &Gazetteers, p: &Posting) -> bool {
    p.kind == Kind::Role && {
        let [category] = gaz.table(Kind::Role).fields(p.offset, [Col::Category]);
        matches!(category, Some("corporate" | "political" | "academic" | "media" | "military" | "religious"))
    }
}

/// True if token `s` alone is a cue (see [`is_cue`]).
pub(super) fn is_cue_token(tokens: &[Token], an: &Analysis, gaz: &Gazetteers, s: usize) -> bool {
    // An acronym's title is written in capitals ("DA Smith"; "Leonardo da
    // Vinci" has a particle).
    let upper = tokens[s].is(UPPER);
    has_posting(an, gaz, s, s + 1, CUE_KINDS, |p| is_cue(gaz, p) && (!p.upper_only || upper))
}

/// True if an honorific ends right before token `s` ("Mr. Jordan"), as
/// against a title ("defending champion Spain").
pub(super) fn honorific_before(text: &str, tokens: &[Token], an: &Analysis, s: usize) -> bool {
    let k = match s {
        0 => return false,
        _ if s >= 2 && tokens[s - 1].is_punct(text, '.') => s - 2,
        _ => s - 1,
    };
    an.info[k].has(HONORIFIC)
}

/// True if an apposition that gives a title follows the name ending at
/// `e`: a comma, a determiner or a possessive name ("the", "a", "Tesla's"),
/// a few words with a title among them in lowercase, and a closing comma
/// or period not followed by a name (", the party's leader, said"; not
/// "Meanwhile, the party's leader, Jo Reyes, said").
pub(super) fn title_apposition(text: &str, tokens: &[Token], an: &Analysis, e: usize) -> bool {
    let n = tokens.len();
    if e + 3 >= n || !tokens[e].is_punct(text, ',') {
        return false;
    }
    let mut k = e + 1;
    if lower_eq(tokens[k].text(text), &["the", "a", "an", "its", "their", "former"]) {
        k += 1;
    } else if tokens[k].is_capitalized()
        && k + 2 < n
        && matches!(tokens[k + 1].text(text), "'" | "\u{2019}")
        && tokens[k + 2].text(text) == "s"
    {
        k += 3;
    } else {
        return false;
    }
    let mut title = false;
    for i in k..n.min(k + 6) {
        let t = &tokens[i];
        if t.is_punct(text, ',') || t.is_punct(text, '.') {
            let after = tokens.get(i + 1);
            return title && !(t.is_punct(text, ',') && after.is_some_and(|a| a.is_capitalized()));
        }
        let apostrophe = matches!(t.text(text), "'" | "\u{2019}");
        if !t.is_word() && !apostrophe || t.is(LINE_START) {
            return false;
        }
        title |= t.is(LOWER) && an.info[i].has(ROLE);
    }
    false
}

/// True if the name of tokens `s..e` is called a settlement: after "the
/// town of" (the noun lowercase: "City of London" is a name of its own),
/// or by an appositive ", a ... town" of at most four words
/// (`settlement_nouns.txt`, `settlement_followers.txt`).
pub(super) fn settlement_named(text: &str, tokens: &[Token], an: &Analysis, s: usize, e: usize) -> bool {
    let n = tokens.len();
    let lower_noun =
        |k: usize| an.info[k].is(W_SETTLEMENT) && tokens[k].text(text).bytes().all(|b| b.is_ascii_lowercase());
    if s >= 2 && lower_noun(s - 2) && tokens[s - 1].bytes(text) == b"of" {
        return true;
    }
    // "Brenvale Township", "Orley Twp.": the township says so itself.
    if e >= s + 2 && token_is(text, &tokens[e - 1], &["township", "twp"]) {
        return true;
    }
    if !(e + 2 < n && tokens[e].is_punct(text, ',') && token_is(text, &tokens[e + 1], &["a", "an"])) {
        return false;
    }
    let mut k = e + 2;
    let mut words = 0;
    while k < n && words < 4 {
        if lower_noun(k) {
            return k + 1 >= n
                || !tokens[k + 1].is_word()
                || an.info[k + 1].is(W_AFTER_SETTLEMENT) && !tokens[k + 1].is_capitalized();
        }
        if !tokens[k].is_word() && !tokens[k].is_punct(text, '-') {
            return false;
        }
        if tokens[k].is_word() {
            words += 1;
        }
        k += 1;
    }
    false
}

/// True if tokens `s..e` are a dateline no list knows: one to three words
/// in capitals opening the story's body (at most its second line or
/// sentence), then a dash ("\u{2014}", "\u{2013}" or "--") before text in
/// mixed case; no common word ("UPDATE"), nothing the lists have.
pub(super) fn unlisted_dateline(text: &str, tokens: &[Token], an: &Analysis, s: usize, e: usize) -> bool {
    const KNOWN: u16 = COMMON | GIVEN | NAME_TOKEN | PLACE | ORG | ROLE | HONORIFIC | DEMONYM | LEGAL;
    if e - s > 5 || !(tokens[s].is(LINE_START) || tokens[s].is(SENT_START)) || e + 1 >= tokens.len() {
        return false;
    }
    let dash = tokens[e].is(SPACE_BEFORE) && dateline_dash(text, &tokens[e]);
    // (Counted only where a dash follows: few chunks get so far.)
    let opening = || (0..s).filter(|&k| tokens[k].is(LINE_START) || tokens[k].is(SENT_START)).nth(1).is_none();
    dash && !an.caps_line[s]
        && (s..e).all(|k| {
            !tokens[k].is_word()
                || tokens[k].is(UPPER) && !an.info[k].has(KNOWN) && !an.info[k].is(W_DATE) && an.hits_from(k).is_empty()
        })
        && opening()
}

/// True if tokens `s..e` are one to three words no list knows, followed by
/// a state or country that closes them ("Keldby, Ohio,"). A family name
/// of the lists counts as unknown after "in", "near" or "outside" or at
/// the head of a line (a dateline).
pub(super) fn unknown_qualified(
    text: &str,
    tokens: &[Token],
    gaz: &Gazetteers,
    an: &Analysis,
    s: usize,
    e: usize,
) -> bool {
    const KNOWN: u16 = COMMON | GIVEN | NAME_TOKEN | PLACE | ORG | ROLE | HONORIFIC | DEMONYM | LEGAL;
    if e - s > 3 || e + 1 >= tokens.len() || !tokens[e].is_punct(text, ',') || an.caps_line[s] {
        return false;
    }
    let placed = tokens[s].is(LINE_START) || an.locative_before(tokens, s);
    let unknown = (s..e).all(|k| {
        tokens[k].is_word()
            && !an.info[k].has(KNOWN)
            && (placed || !an.info[k].has(SURNAME))
            && !an.info[k].is(W_DATE)
            && an.hits_from(k).is_empty()
    });
    unknown
        && qualifier_span(text, tokens, gaz, an, e)
            .and_then(|(_, q)| q)
            .is_some_and(|q| qualifier_closes(text, tokens, q))
}

pub(super) fn unknown_place(text: &str, tokens: &[Token], an: &Analysis, s: usize) -> bool {
    const KNOWN: u16 = COMMON | GIVEN | SURNAME | NAME_TOKEN | PLACE | ORG | ROLE | HONORIFIC | DEMONYM | LEGAL;
    // (The token's bits first, its letters last.)
    let plain = |k: usize| {
        tokens[k].is(CAP)
            && !tokens[k].is(UPPER)
            && !an.info[k].has(KNOWN)
            && !an.info[k].is(W_DATE)
            && !an.caps_line[k]
            && an.hits_from(k).is_empty()
            && tokens[k].text(text).chars().skip(1).all(|c| !c.is_uppercase())
    };
    if !plain(s) || tokens[s].is(SENT_START) && !an.locative_before(tokens, s) {
        return false;
    }
    let word = an.folded.token(s);
    // Read once a word in a long record: the reading depends on the word
    // alone, and a news story's capitals are few enough to read again.
    if an.capitalized.len() < 1024 {
        return unknown_word_is_place(text, tokens, an, word);
    }
    let hash =
        std::hash::BuildHasher::hash_one(&std::hash::BuildHasherDefault::<crate::hash::FxHasher>::default(), word);
    let known = an.unknown_words.borrow().get(&hash).copied();
    match known {
        Some((k, reading)) if an.folded.token(k as usize) == word => reading,
        _ => {
            let reading = unknown_word_is_place(text, tokens, an, word);
            an.unknown_words.borrow_mut().entry(hash).or_insert((s as u32, reading));
            reading
        }
    }
}

/// True if posting `p` is a city of at least [`BIG_CITY`] people.
pub(super) fn big_city(gaz: &Gazetteers, p: &Posting, span: Span) -> bool {
    p.kind == Kind::City
        && gazetteer_candidate(gaz, *p, span).and_then(|c| c.attrs.population).is_some_and(|v| v >= BIG_CITY)
}

/// True if token `s` alone names cities only (no country, region or
/// organization).
pub(super) fn city_only(an: &Analysis, s: usize) -> bool {
    has_kind(an, s, s + 1, CITIES) && !has_kind(an, s, s + 1, ALL_KINDS & !(CITIES | TOWNS))
}

/// True if token `s` alone is a country's own name ("Spain", not "US").
pub(super) fn country_named(an: &Analysis, gaz: &Gazetteers, s: usize) -> bool {
    has_posting(an, gaz, s, s + 1, COUNTRIES, |p| p.kind == Kind::Country && !p.alias)
}

/// Whether `[k, e)` names a market the organization `[s, k)` can serve
/// through an arm of its own: a country, a continent or news region, or a
/// state or province of the organization's own country, or anywhere for a
/// body of no one country ("Nissan Europe",
/// "BBC Wales"). A division abroad after a carmaker names a model ("Chevrolet
/// Sonora"), not an arm.
pub(super) fn serves_market(an: &Analysis, gaz: &Gazetteers, s: usize, k: usize, e: usize) -> bool {
    if has_kind(an, k, e, COUNTRIES) {
        return true;
    }
    let map = gaz.map();
    let mut homes = [None; 4];
    let mut n = 0;
    for &(_, h) in an.hits_from(s).iter().filter(|&&(_, h)| h.end == k && PhraseMap::kinds(h.value) & ORGS != 0) {
        for p in map.postings(h.value).filter_map(Posting::decode).filter(|p| p.kind == Kind::Organization) {
            if n < homes.len() {
                homes[n] = gaz.table(p.kind).field(p.offset, Col::Country);
                n += 1;
            }
        }
    }
    // An international body serves every country's divisions ("OSCE
    // Kosovo mission", "UN Darfur office").
    if homes[..n].iter().all(Option::is_none) {
        return has_kind(an, k, e, AREAS);
    }
    has_posting(an, gaz, k, e, AREAS, |p| {
        if p.kind != Kind::Region {
            return false;
        }
        let t = gaz.table(p.kind);
        match t.field(p.offset, Col::Kind) {
            Some("continent" | "region") => true,
            _ => t.field(p.offset, Col::Country).is_some_and(|c| homes[..n].contains(&Some(c))),
        }
    })
}

/// True if tokens `s..e` are two or more names of cities joined by
/// hyphens with no space, each near the one before it ("Dallas-Fort
/// Worth", "Minneapolis-St. Paul": a metro area named by its cities;
/// not a person's double-barrelled name that two far-apart towns share).
pub(super) fn hyphenated_places(
    text: &str,
    tokens: &[Token],
    an: &Analysis,
    gaz: &Gazetteers,
    s: usize,
    e: usize,
) -> bool {
    if !(s + 1..e).any(|i| tokens[i].is_punct(text, '-')) {
        return false;
    }
    let points = |a: usize, b: usize| places_at(an, gaz, a, b, &[Kind::City, Kind::Town]);
    let (mut from, mut before): (usize, Option<Vec<(f64, f64)>>) = (s, None);
    for i in s..=e {
        let joint = i > s
            && i + 1 < e
            && tokens[i].is_punct(text, '-')
            && tokens[i - 1].end() == tokens[i].start()
            && tokens[i].end() == tokens[i + 1].start();
        if i == e || joint {
            let here = if from < i { points(from, i) } else { Vec::new() };
            if here.is_empty() {
                return false;
            }
            if let Some(prev) = &before {
                let near =
                    prev.iter().any(|&p| here.iter().any(|&q| crate::resolve::places::distance_km(p, q) <= 100.0));
                if !near {
                    return false;
                }
            }
            before = Some(here);
            from = i + 1;
        } else if !tokens[i].is_word() && !tokens[i].is_punct(text, '.') {
            return false;
        }
    }
    from > s && before.is_some()
}

/// True if tokens `s..e` are two words, a city's name and then a city's
/// or town's name lying within [`PLACE_IN_CITY_KM`] of it ("Paris Orly",
/// "Lagos Ikeja"): a place in or by the city.
pub(super) fn place_in_city(text: &str, tokens: &[Token], an: &Analysis, gaz: &Gazetteers, s: usize, e: usize) -> bool {
    // A name said twice ("Duran Duran") is no place and its suburb; a
    // first name before a frequent family name ("Chelsea Clinton", "Austin
    // Bennett") is a person's.
    if e != s + 2
        || an.info[s].has(GIVEN) && frequent_surname(an, gaz, s + 1)
        || !tokens[s + 1].is(SPACE_BEFORE)
        || !tokens[s + 1].is(CAP)
        || tokens[s].text(text).eq_ignore_ascii_case(tokens[s + 1].text(text))
    {
        return false;
    }
    // The kinds masks first: most two-word names hold no city.
    if !has_kind(an, s, s + 1, CITIES) || !has_kind(an, s + 1, e, CITIES | TOWNS) {
        return false;
    }
    let city = places_at(an, gaz, s, s + 1, &[Kind::City]);
    let near = places_at(an, gaz, s + 1, e, &[Kind::City, Kind::Town]);
    city.iter().any(|&p| near.iter().any(|&q| crate::resolve::places::distance_km(p, q) <= PLACE_IN_CITY_KM))
}

/// The span of `[s, e)`, plus the period of a final abbreviated legal
/// suffix ("NationsBank Corp.", "Acme Co."): the period belongs to the name.
pub(super) fn with_abbreviation_period(text: &str, tokens: &[Token], an: &Analysis, s: usize, e: usize) -> Span {
    let mut span = span_of(tokens, s, e);
    if e < tokens.len()
        && tokens[e].is_punct(text, '.')
        && glued(tokens, e)
        && (an.info[e - 1].has(LEGAL)
            || token_is(text, &tokens[e - 1], &["co", "corp", "inc", "ltd", "bros", "cos", "plc"]))
    {
        span.end = tokens[e].end();
    }
    span
}

/// The span of `[s, e)`, plus the period of a final abbreviated street
/// word ("Birch St.", "Oak Ave.").
pub(super) fn with_street_period(text: &str, tokens: &[Token], s: usize, e: usize) -> Span {
    let mut span = span_of(tokens, s, e);
    if e < tokens.len()
        && tokens[e].is_punct(text, '.')
        && glued(tokens, e)
        && token_is(text, &tokens[e - 1], &["st", "ave", "rd", "blvd"])
    {
        span.end = tokens[e].end();
    }
    span
}

/// True if an appositive after the name ending at token `e` calls it an
/// organization: ", a" or ", an", then at most three words (lowercase, or a
/// nationality), the last an organization noun that ends the noun phrase
/// ("Horizon, an association of planners", "Kelvar, a Dutch chipmaker";
/// not "Ortega, a group spokesman" nor "Lee, a member of the group").
pub(super) fn org_appositive(text: &str, tokens: &[Token], an: &Analysis, e: usize) -> bool {
    let n = tokens.len();
    if !(e + 2 < n && tokens[e].is_punct(text, ',') && token_is(text, &tokens[e + 1], &["a", "an"])) {
        return false;
    }
    const ENDS_PHRASE: &[&str] =
        &["of", "for", "in", "at", "on", "with", "from", "to", "by", "based", "that", "which", "whose", "and", "or"];
    for k in e + 2..(e + 6).min(n) {
        let t = &tokens[k];
        if !t.is_word() || token_is(text, t, ENDS_PHRASE) || !(t.is(LOWER) || an.info[k].has(DEMONYM)) {
            return false;
        }
        if t.is(LOWER) && an.info[k].is(W_ORG_NOUN) {
            // "a group of young men" counts people, not an organization.
            if k + 1 < n && t.bytes(text) == b"group" && tokens[k + 1].bytes(text) == b"of" {
                return false;
            }
            return k + 1 == n || !tokens[k + 1].is_word() || token_is(text, &tokens[k + 1], ENDS_PHRASE);
        }
    }
    false
}

/// True if `w` is written in camel case as brands are ("UrbaLab",
/// "BlackRock"): a capital, two or more lowercase letters, then a
/// capital and a lowercase letter. Family names written so ("McCain",
/// "MacArthur", "DeSantis", "LaGuardia", "FitzGerald") are not.
pub(super) fn camel_case(w: &str) -> bool {
    let b = w.as_bytes();
    if b.len() < 6 || !b[0].is_ascii_uppercase() || !b.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    let Some(k) = b[1..].iter().position(u8::is_ascii_uppercase).map(|k| k + 1) else { return false };
    let prefix = &w[..k];
    k >= 3
        && k + 1 < b.len()
        && b[1..k].iter().all(u8::is_ascii_lowercase)
        && b[k + 1].is_ascii_lowercase()
        && !matches!(
            prefix,
            "Mac"
                | "Van"
                | "Von"
                | "Del"
                | "Des"
                | "Der"
                | "Dal"
                | "Den"
                | "Ten"
                | "Fitz"
                | "Vander"
                | "Della"
                | "Dela"
        )
}

/// True if the name `[s, e)` stands where an organization does: after
/// "at", "by", "from", "for" or "of", or before a verb of saying.
pub(super) fn org_position(text: &str, tokens: &[Token], an: &Analysis, s: usize, e: usize) -> bool {
    s > 0 && token_is(text, &tokens[s - 1], &["at", "by", "from", "for", "of", "with", "joined"])
        || speech_verb_after(text, tokens, an, e)
}

/// A listed company named with a legal suffix the lists do not write
/// ("Sony Group Corp", "Samsung Electronics Co Ltd"): its name before the
/// suffix starting at token `suffix`, or the short name of that, is the
/// company's; its candidate over `span`, the whole name.
pub(super) fn listed_with_suffix(
    tokens: &[Token],
    gaz: &Gazetteers,
    an: &Analysis,
    s: usize,
    suffix: usize,
    span: Span,
) -> Option<Candidate> {
    let map = gaz.map();
    let listed = |k: usize, acronym: bool| {
        an.hits_from(s)
            .iter()
            .filter(|&&(_, h)| h.end == k && PhraseMap::kinds(h.value) & ORGS != 0)
            .flat_map(|&(_, h)| map.postings(h.value).filter_map(Posting::decode))
            .find(|p| is_company(gaz, p) && (acronym || !p.upper_only))
    };
    // A short name that is a listed acronym or ticker is another
    // company's as often ("RMS International Inc" is no "RMS").
    let p =
        listed(suffix, true).or_else(|| company_short_name(tokens, an, s, suffix).and_then(|k| listed(k, false)))?;
    let mut c = gazetteer_candidate(gaz, p, span)?;
    c.rule = Rule::OrgLegalSuffix;
    Some(c)
}

/// A word that may be someone's name alone: no place, organization,
/// people, title or date, and no common word unless it is a name too
/// ("Cook").
pub(super) fn lone_name_word(an: &Analysis, i: usize) -> bool {
    let info = an.info[i];
    !info.has(PLACE | ORG | DEMONYM | ROLE | HONORIFIC)
        && !info.is(W_DATE)
        && (!info.has(COMMON) || info.has(GIVEN | SURNAME | NAME_TOKEN))
}

/// A quote's attribution turned round ("...," said Garvey.): a verb of
/// saying after a comma or a closing quote, then the name `[s, e)`, then
/// the end of the clause. Verbs that take an object ("told Reuters") are
/// not attributions.
pub(super) fn inverted_speech_before(text: &str, tokens: &[Token], an: &Analysis, s: usize, e: usize) -> bool {
    let n = tokens.len();
    s >= 2
        && tokens[s - 1].is(LOWER)
        && an.info[s - 1].is(W_SPEECH)
        && !token_is(text, &tokens[s - 1], &["told", "reported", "announced", "confirmed"])
        && matches!(tokens[s - 2].text(text), "," | "\"" | "\u{201d}" | "'" | "\u{2019}")
        && (e == n || matches!(tokens[e].bytes(text), b"." | b"," | b";" | b"!" | b"?"))
}

/// True if the words after the first name of tokens `[s, e)` read as the
/// rest of a person's name (part of `person.given-name`): an English word
/// there is a frequent family name ("Tim Cook"), or the one word after a
/// first name that is nothing else ("Steve Jobs"). A first name that is
/// also a place or a word ("Austin", "Phoenix") before English words
/// names a show, a factory or a flight ("Austin Motor Show", "Phoenix
/// Program"), as does an English word inside a longer name.
pub(super) fn family_name_words(an: &Analysis, gaz: &Gazetteers, tokens: &[Token], s: usize, e: usize) -> bool {
    // A particle makes it a person's name ("Osama bin Laden").
    if (s + 1..e).any(|i| tokens[i].is(LOWER) && an.info[i].is(W_PARTICLE)) {
        return true;
    }
    // The capitalised words after the first, each whole ("Jong" of
    // "Jong-un"; initials aside).
    let words = || {
        (s + 1..e).filter(|&i| {
            let t = &tokens[i];
            t.is_word() && t.is(CAP) && t.is(SPACE_BEFORE) && t.end() - t.start() > 1
        })
    };
    let mut lone_word = None;
    let last = words().next_back();
    words().all(|i| {
        let info = an.info[i];
        !info.has(COMMON)
            // A middle name ("Jerry Lee Baker").
            || info.has(GIVEN) && Some(i) != last
            || frequent_surname(an, gaz, i)
            || *lone_word.get_or_insert_with(|| words().count() == 1 && plain_given(an, gaz, s))
    })
}

/// True if `word` reads as a plural ("Kings", "Hawks"; not "Ross",
/// "Julius", "Davis").
pub(super) fn is_plural_name(word: &str) -> bool {
    word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is")
}

/// The family name after an Arabic article ("al-Karimi", "el-Sayed"),
/// which news writes alone on later mention ("Karimi").
pub(super) fn article_prefixed(word: &str) -> Option<&str> {
    // (The article is of two or three letters: its hyphen is among the
    // first four bytes, found there by a byte test.)
    let dash = word.as_bytes().iter().take(4).position(|&b| b == b'-')?;
    let (article, rest) = (&word[..dash], &word[dash + 1..]);
    let is_article = matches!(article, "al" | "el" | "ad" | "ar" | "as" | "ash" | "at" | "az" | "ul");
    (is_article && rest.chars().next().is_some_and(char::is_uppercase) && rest.chars().nth(1).is_some()).then_some(rest)
}

/// The end of the longest gazetteer key from token `s` within `[s, e)`
/// with an entry of one of `kinds`, read from the keys' values alone.
pub(super) fn multi_kind(an: &Analysis, s: usize, e: usize, kinds: u16) -> Option<usize> {
    an.hits_from(s)
        .iter()
        .filter(|&&(_, h)| h.end <= e && h.end > s && PhraseMap::kinds(h.value) & kinds != 0)
        .map(|&(_, h)| h.end)
        .max()
}

/// True if a gazetteer key spans exactly tokens `[s, e)` with a place's or
/// an organization's entry.
pub(super) fn has_entity_posting(an: &Analysis, s: usize, e: usize) -> bool {
    has_kind(an, s, e, PLACES_ORGS)
}

/// People in a city whose name is too big to be read as a family's
/// ("City host Liverpool", "the Leeds government").
const BIG_CITY: u64 = 200_000;

/// The positions of the listed places of `kinds` that tokens `[a, b)`
/// name.
fn places_at(an: &Analysis, gaz: &Gazetteers, a: usize, b: usize, kinds: &[Kind]) -> Vec<(f64, f64)> {
    let map = gaz.map();
    an.hits_from(a)
        .iter()
        .filter(|&&(_, h)| h.end == b)
        .flat_map(|&(_, h)| map.postings(h.value).filter_map(Posting::decode))
        .filter(|p| kinds.contains(&p.kind))
        .filter_map(|p| gazetteer_candidate(gaz, p, Span::new(0, 0)))
        .filter_map(|c| Some((c.attrs.lat?, c.attrs.lon?)))
        .collect()
}

/// The reading of [`unknown_place`] for the word `word` (folded), from
/// every capitalised token of the article that is that word.
fn unknown_word_is_place(text: &str, tokens: &[Token], an: &Analysis, word: &[u8]) -> bool {
    let alone = |k: usize| {
        (k == 0 || !tokens[k - 1].is_capitalized() || tokens[k].is(SENT_START))
            && (k + 1 >= tokens.len() || !tokens[k + 1].is_capitalized() || tokens[k + 1].is(LINE_START))
    };
    let (mut seen, mut located) = (0, false);
    for k in an.capitalized() {
        if an.folded.token(k) != word {
            continue;
        }
        if k > 0 && (token_is(text, &tokens[k - 1], &["the"]) || tokens[k - 1].kind == TokenKind::Number)
            || k + 1 < tokens.len() && tokens[k + 1].kind == TokenKind::Number
        {
            return false;
        }
        // Part of a longer name ("Ana Dunmere" for a lone "Dunmere"), or
        // a person's, who speaks ("Dunmere said", "said Dunmere").
        // ("Residents of Marrowby said" is the residents speaking.)
        if !alone(k)
            || speech_verb_after(text, tokens, an, k + 1) && !an.locative_before(tokens, k)
            || k > 0 && tokens[k - 1].is(LOWER) && an.info[k - 1].is(W_SPEECH)
        {
            return false;
        }
        seen += 1;
        located |= k > 0
            && tokens[k - 1].is(LOWER)
            && token_is(text, &tokens[k - 1], &["in", "near", "outside", "around", "across"])
            && !(k + 2 < tokens.len()
                && matches!(tokens[k + 1].text(text), "'" | "\u{2019}")
                && tokens[k + 2].bytes(text) == b"s");
    }
    seen >= 2 && located
}

/// How far from a city a place named after it may lie ("Paris Orly"):
/// an airport or a suburb, not a town of the region.
const PLACE_IN_CITY_KM: f64 = 80.0;
