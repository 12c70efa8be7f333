//! Lone words settled once every candidate of the article is in
//! ([`LoneWords::settle`]): a company's short name, a person's family or
//! first name mentioned alone, an acronym.

use super::*;

impl LoneWords {
    /// Add the candidates of the lone words to `cands`, which holds every
    /// other candidate of the article: a word that is the last word (or the
    /// [`Candidate::short`] form) of a person candidate becomes that
    /// person's mention, outranking single-word gazetteer matches; a word in
    /// capitals ("WHO") stays a weak person candidate, which
    /// [`crate::resolve::group`] may still read as an acronym; the others
    /// are dropped.
    pub fn settle(&mut self, text: &str, tokens: &[Token], an: &Analysis, cands: &mut Vec<Candidate>) {
        if self.words.is_empty() && self.companies.is_empty() && self.family.is_empty() {
            return;
        }
        let mut form = String::new();
        let companies = self.short_names(an, &mut form);
        if !companies.is_empty() {
            short_name_mentions(text, &companies, cands, &mut form);
        }
        let mut known = Known {
            text,
            tokens,
            an,
            companies,
            last: person_last_words(cands, &mut form),
            // (Gathered when a lone first name first asks.)
            firsts: None,
            first_words: if self.words.is_empty() {
                FastMap::default()
            } else {
                company_first_words(tokens, an, cands)
            },
            person_use: FastMap::default(),
            buf: String::new(),
        };
        for (s, e) in std::mem::take(&mut self.words) {
            let (s, e) = (s as usize, e as usize);
            let folded = if e == s + 1 {
                an.folded.token(s)
            } else {
                form.clear();
                an.folded.push_key(s, e, &mut form);
                form.as_bytes()
            };
            if let Some(c) = known.word(s, e, folded, cands, &mut self.rejected) {
                cands.push(c);
            }
        }
        // "Elon Musk ... Musk, who also runs Tesla,": the family name of a
        // person named in full, though an everyday word too.
        for s in std::mem::take(&mut self.family) {
            let s = s as usize;
            if known.last.contains(an.folded.token(s)) {
                let span = span_of(tokens, s, s + 1);
                let name = name_of(text, tokens, s, s + 1);
                cands.push(pattern(an, s, s + 1, span, EntityType::Person, name, VOUCHED, Rule::PersonSurnameMention));
            }
        }
    }

    /// Companies by their short names, and one-word "people" that are
    /// one of them ("the sum Brava says" after "Brava SA"): the folded
    /// short name, and the index of the company's candidate.
    fn short_names(&self, an: &Analysis, form: &mut String) -> FastMap<Box<[u8]>, u32> {
        let mut companies: FastMap<Box<[u8]>, u32> = FastMap::default();
        for &(s, e, i) in &self.companies {
            form.clear();
            an.folded.push_key(s as usize, e as usize, form);
            companies.entry(form.as_bytes().into()).or_insert(i);
        }
        companies
    }
}

/// A short name outranks a place of that name ("Vantor" after "Vantor
/// International Inc" is not the town in Utah): it ranks as a
/// gazetteer entry, as a surname does.
fn short(c: &Candidate, span: Span) -> Candidate {
    Candidate { span, priority: COMPANY_SHORT, source: Source::Gazetteer, rule: Rule::OrgShortName, ..c.clone() }
}

/// One-word people and places of the candidates that are a company's
/// short name (see [`LoneWords::short_names`]) become the company's.
fn short_name_mentions(text: &str, companies: &FastMap<Box<[u8]>, u32>, cands: &mut Vec<Candidate>, form: &mut String) {
    for j in 0..cands.len() {
        let c = &cands[j];
        let place = matches!(c.ty, EntityType::City | EntityType::Region);
        if !(c.ty == EntityType::Person || place) {
            continue;
        }
        let surface = &text[c.span.start..c.span.end];
        if surface.contains(' ') {
            continue;
        }
        crate::gazetteer::fold::key_into(surface, form);
        if let Some(&i) = companies.get(form.as_bytes()) {
            let org = short(&cands[i as usize], cands[j].span);
            if place {
                cands.push(org);
            } else {
                cands[j] = org;
            }
        }
    }
}

/// The folded last words, as bytes (a lone word's key is most often
/// its one token's folded form, compared in place).
fn person_last_words(cands: &[Candidate], form: &mut String) -> FastSet<Box<[u8]>> {
    let mut last: FastSet<Box<[u8]>> = FastSet::default();
    for c in cands.iter().filter(|c| c.ty == EntityType::Person && c.priority > 0) {
        let lw = last_word(c.name());
        // A name is mentioned again and again: its words are kept once.
        // A one-letter last word ("Pedro I", "Malcolm X") is no
        // family name to be mentioned alone.
        for word in std::iter::once(lw).chain(c.short.as_deref()).filter(|w| w.chars().nth(1).is_some()) {
            crate::gazetteer::fold::key_into(word, form);
            if !last.contains(form.as_bytes()) {
                last.insert(form.as_bytes().into());
            }
        }
    }
    last
}

/// The folded first names of people named in full (see [`Known::firsts`]).
fn person_first_names(cands: &[Candidate], last: &FastSet<Box<[u8]>>) -> FastSet<Box<[u8]>> {
    let mut set: FastSet<Box<[u8]>> = FastSet::default();
    let mut key = String::new();
    for c in cands.iter().filter(|c| c.ty == EntityType::Person && c.priority > 0) {
        if let Some((first, _)) = c.name().split_once(' ') {
            crate::gazetteer::fold::key_into(first, &mut key);
            if first.chars().nth(1).is_some() && !last.contains(key.as_bytes()) {
                set.insert(key.as_bytes().into());
            }
        }
    }
    set
}

/// Listed companies named in full by words that are nothing else
/// but family names ("Lockheed Martin"): a later lone first word
/// ("Lockheed") is that company. The folded word, and the index of the
/// company's candidate.
fn company_first_words(tokens: &[Token], an: &Analysis, cands: &[Candidate]) -> FastMap<Box<[u8]>, u32> {
    let mut first_words: FastMap<Box<[u8]>, u32> = FastMap::default();
    for (i, c) in cands.iter().enumerate() {
        let listed_company = c.ty == EntityType::Organization
            && c.rule == Rule::GazetteerEntry
            && c.attrs.kind.as_deref() == Some("company");
        if !listed_company {
            continue;
        }
        let k = tokens.partition_point(|t| t.start() < c.span.start);
        let own_word = k + 1 < tokens.len()
            && tokens[k].start() == c.span.start
            && tokens[k + 1].start() < c.span.end
            && tokens[k + 1].is(SPACE_BEFORE)
            && tokens[k].is(CAP)
            && !tokens[k].is(UPPER)
            && !an.info[k].has(COMMON | PLACE | ORG | GIVEN | DEMONYM | ROLE | HONORIFIC);
        if own_word {
            first_words.entry(an.folded.token(k).into()).or_insert(i as u32);
        }
    }
    first_words
}

/// What the article's candidates say of the names a lone word may be.
struct Known<'a> {
    text: &'a str,
    tokens: &'a [Token],
    an: &'a Analysis,
    /// See [`LoneWords::short_names`].
    companies: FastMap<Box<[u8]>, u32>,
    /// See [`person_last_words`].
    last: FastSet<Box<[u8]>>,
    /// The folded first names of people named in full ("Maria Okafor
    /// ... Maria thanked her coach"), where no one's family name is
    /// that word: gathered when a lone first name first asks.
    firsts: Option<FastSet<Box<[u8]>>>,
    /// See [`company_first_words`].
    first_words: FastMap<Box<[u8]>, u32>,
    /// Per folded word: [`lone_person_use`], read once.
    person_use: FastMap<Box<[u8]>, bool>,
    /// For the rare words read both ways ([`ends_a_person`]).
    buf: String,
}

impl Known<'_> {
    /// The candidate of the lone word `[s, e)`, folded `folded`, if any;
    /// `rejected` takes the readings turned down.
    fn word(
        &mut self,
        s: usize,
        e: usize,
        folded: &[u8],
        cands: &[Candidate],
        rejected: &mut Vec<Rejection>,
    ) -> Option<Candidate> {
        let Known { text, tokens, an, .. } = *self;
        let span = span_of(tokens, s, e);
        if let Some(c) = self.company_word(s, e, folded, cands) {
            return Some(c);
        }
        let first_name = self.first_name(s, e, folded, cands);
        let surname = (self.last.contains(folded) || first_name)
            && !(e == s + 1 && an.info[s].has(ORG) && !ends_a_person(cands, folded, &mut self.buf));
        // "Rodeo Gainesville ... tickets are sold in Gainesville": after a
        // preposition of place, a listed place's name is the place
        // ("in Jordan's film" is still the person's).
        if surname
            && e == s + 1
            && s > 0
            && tokens[s - 1].is(LOWER)
            && an.info[s - 1].is(W_PLACE_PREPOSITION)
            && an.info[s].has(PLACE)
            && !(e < tokens.len() && matches!(tokens[e].text(text), "'" | "\u{2019}" | "'s" | "\u{2019}s"))
        {
            if an.explain {
                rejected.push(Rejection { span, ty: EntityType::Person, rule: Rule::PersonNotAfterPlacePreposition });
            }
            return None;
        }
        // "Kestrovic, who won 22 titles,": "who" is written of people (a
        // place's, a team's or a nationality's name aside).
        if !surname
            && e == s + 1
            && e + 1 < tokens.len()
            && tokens[e].is_punct(text, ',')
            && tokens[e + 1].bytes(text) == b"who"
            && !an.info[s].has(PLACE | ORG | LEGAL | COMMON | DEMONYM)
            && !tokens[s].is(UPPER)
        {
            let name = name_of(text, tokens, s, e);
            return Some(pattern(an, s, e, span, EntityType::Person, name, VOUCHED, Rule::PersonWhoClause));
        }
        if !surname && self.speaks(s, e, folded) {
            let name = name_of(text, tokens, s, e);
            return Some(pattern(an, s, e, span, EntityType::Person, name, VOUCHED, Rule::PersonLoneNameEvidence));
        }
        // "the former NIAID director", "a KRTA spokesman": an acronym no
        // list has, before a title in lowercase, is the body the title is
        // held at.
        if !surname
            && e == s + 1
            && tokens[s].is(UPPER)
            && tokens[s].end() - tokens[s].start() >= 2
            && text[span.start..span.end].bytes().all(|b| b.is_ascii_uppercase())
            // (Not a word in capitals: "ERA leader" is a pitcher's record;
            // nor a numbered unit's letters, "the 407th AEG commander":
            // units are org.military-unit's.)
            && !an.info[s].has(COMMON)
            && !(s > 0 && (tokens[s - 1].kind == TokenKind::Number || is_ordinal(tokens[s - 1].text(text))))
            && e < tokens.len()
            && tokens[e].is(LOWER)
            && an.info[e].has(ROLE)
        {
            let name = name_of(text, tokens, s, e);
            return Some(pattern(an, s, e, span, EntityType::Organization, name, 2, Rule::OrgAcronymBeforeTitle));
        }
        let priority = if surname {
            VOUCHED
        } else {
            let w = &text[span.start..span.end];
            if w.len() < 2 || !w.chars().all(|ch| ch.is_uppercase() || ch == '.') {
                return None;
            }
            0
        };
        let name = name_of(text, tokens, s, e);
        let rule = match (surname, first_name) {
            (true, true) => Rule::PersonFirstNameMention,
            (true, false) => Rule::PersonSurnameMention,
            _ => Rule::OrgDefinedAcronym,
        };
        Some(pattern(an, s, e, span, EntityType::Person, name, priority, rule))
    }

    /// The company a lone word is the short name or the first word of.
    fn company_word(&mut self, s: usize, e: usize, folded: &[u8], cands: &[Candidate]) -> Option<Candidate> {
        let Known { tokens, an, .. } = *self;
        let span = span_of(tokens, s, e);
        if let Some(&i) = self.companies.get(folded) {
            return Some(short(&cands[i as usize], span));
        }
        // A family name is the company's unless a person of the
        // article ends in it ("Procter" after "Procter & Gamble").
        if let Some(&i) = self.first_words.get(folded) {
            let company_word = e == s + 1
                && !(an.info[s].has(GIVEN) || an.info[s].has(SURNAME) && ends_a_person(cands, folded, &mut self.buf));
            if company_word {
                return Some(short(&cands[i as usize], span));
            }
        }
        None
    }

    /// The lone word is the first name of a person named in full.
    fn first_name(&mut self, s: usize, e: usize, folded: &[u8], cands: &[Candidate]) -> bool {
        let Known { tokens, an, .. } = *self;
        // A family's heir ("Jo Ford Jr.") shares the name of the firm
        // it founded: a lone name the lists give a company means the
        // company unless a person of the article ends in it.
        // (A place's or an organization's name, or a word in capitals,
        // "LONDON", is read as that.)
        !self.last.contains(folded)
            && e == s + 1
            && an.info[s].has(GIVEN)
            && !an.info[s].has(PLACE | ORG)
            && !tokens[s].is(UPPER)
            && self.firsts.get_or_insert_with(|| person_first_names(cands, &self.last)).contains(folded)
    }

    /// Of a word no person of the article ends in.
    fn speaks(&mut self, s: usize, e: usize, folded: &[u8]) -> bool {
        let Known { text, tokens, an, .. } = *self;
        // "Aldridge, 45, ... Aldridge told reporters": a family name that
        // is also a town's, written alone, that the article gives an
        // age, and never writes after "in", "near" or "outside", is the
        // person's throughout.
        e == s + 1
            && an.info[s].has(SURNAME)
            && !an.info[s].has(COMMON | DEMONYM | ORG)
            && !has_kind(an, s, e, AREAS)
            && *self.person_use.entry(folded.into()).or_insert_with(|| lone_person_use(text, tokens, an, folded))
    }
}

/// True if the article writes the lone word `folded` as a person's name,
/// beside an age ("Aldridge, 45,"; companies and towns speak too, but
/// have no age), and never as a town (after a locative, before a noun
/// for its people; see `LoneWords::settle`).
fn lone_person_use(text: &str, tokens: &[Token], an: &Analysis, folded: &[u8]) -> bool {
    let mut person = false;
    for k in an.capitalized() {
        if !tokens[k].is(CAP) || an.folded.token(k) != folded {
            continue;
        }
        // Capitals say nothing (a headline); after "in", "to" or "from",
        // or before a noun for its people ("a 27-year-old Aldridge woman"),
        // the word is a town.
        if tokens[k].is(UPPER) {
            continue;
        }
        if an.locative_before(tokens, k) || an.is_local_noun(k + 1) {
            return false;
        }
        let alone = (k == 0 || !tokens[k - 1].is_capitalized() || tokens[k].is(SENT_START))
            && (k + 1 >= tokens.len() || !tokens[k + 1].is_capitalized());
        person |= alone && age_beside(text, tokens, k, k + 1);
    }
    person
}

/// True if a person candidate of `cands` has a name whose last word
/// folds to `folded` (its generation, "Jr." or "III", is its last word).
/// Asked only of lone words read both as a person and as a company.
fn ends_a_person(cands: &[Candidate], folded: &[u8], buf: &mut String) -> bool {
    cands.iter().filter(|c| c.ty == EntityType::Person && c.priority > 0).any(|c| {
        let lw = last_word(c.name());
        crate::gazetteer::fold::key_into(lw, buf);
        buf.as_bytes() == folded
    })
}

/// Priority of a company's short name: above a city or region of that
/// name, below a country.
const COMPANY_SHORT: u8 = 4;
