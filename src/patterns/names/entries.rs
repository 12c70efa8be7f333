//! The gazetteer's entries where the article names them: nationality
//! words, and for each place or organization matched, which of its
//! postings are meant where it stands ([`Entries::hit`]).
//!
//! A posting is read in turn by the words around the name
//! ([`Entries::context_check`]), the evidence a company's or a club's
//! reading needs ([`Entries::evidence_check`]), the name's form
//! ([`Entries::form_check`]) and the case it is written in
//! ([`Entries::entry_rule`]); each may refuse it, with a rule to explain or
//! silently.

use std::ops::ControlFlow::{self, Break, Continue};

use super::context::settlement_named;
use super::*;

/// Nationality words ("Kenyan", "South African", "Peruvians"),
/// capitalised, outside capitals lines (the first step of [`find`]).
pub(super) fn nationalities(tokens: &[Token], gaz: &Gazetteers, an: &Analysis, out: &mut Vec<Candidate>) {
    let map = gaz.map();
    for &(s, h) in &an.hits {
        if !PhraseMap::has_kind(h.value, &[Kind::Demonym]) || an.caps_line[s] {
            continue;
        }
        let e = h.end;
        if !tokens[s..e].iter().filter(|t| t.is_word()).all(|t| t.is(CAP))
            || tokens[s + 1..e].iter().any(|t| t.is(LINE_START))
        {
            continue;
        }
        if let Some(p) = map.postings(h.value).filter_map(Posting::decode).find(|p| p.kind == Kind::Demonym) {
            if let Some(mut c) = gazetteer_candidate(gaz, p, span_of(tokens, s, e)) {
                c.rule = Rule::NationalityDemonym;
                out.push(c);
            }
        }
    }
}

/// Names of towns the lists lack, which the article qualifies by a state
/// or country no listed town of the name is in.
fn unlisted_names(text: &str, tokens: &[Token], gaz: &Gazetteers, an: &Analysis) -> Vec<u64> {
    let n = tokens.len();
    an.hits
        .iter()
        .filter(|&&(s, h)| {
            h.end < n
                && tokens[h.end].is_punct(text, ',')
                && tokens[s..h.end].iter().all(|t| !t.is_word() || t.is_capitalized())
                && qualified_unlisted(text, tokens, gaz, an, s, h)
        })
        .map(|&(_, h)| h.value)
        .collect()
}

/// Gazetteer entries (the second step of [`find`]): the article, and what
/// is read of it only when a posting first asks.
pub(super) struct Entries<'a> {
    text: &'a str,
    tokens: &'a [Token],
    gaz: &'a Gazetteers,
    an: &'a Analysis,
    ctx: &'a DocContext,
    /// See [`unlisted_names`].
    unlisted_names: Vec<u64>,
    evidence: Option<NameEvidence>,
    named_in_full: Option<Vec<usize>>,
    /// The start of the state or country that qualifies the last city
    /// read ("Columbia, Mo."), where it agrees with one of its namesakes.
    qualifier_at: Option<usize>,
}

/// A gazetteer match `[s, e)`, and what is read once for all the
/// postings of its name.
struct Match<'g> {
    s: usize,
    e: usize,
    single: bool,
    info: TokInfo,
    qualifier: Option<Qualifier<'g>>,
    unlisted_here: bool,
    around: Option<Rule>,
    hyphened: Option<usize>,
}

/// Why a posting is not meant where its name stands.
enum Refusal {
    /// Said by `--explain`.
    Rejected(Rule),
    /// Not worth a word.
    Skipped,
}

impl<'a> Entries<'a> {
    pub(super) fn new(
        text: &'a str,
        tokens: &'a [Token],
        gaz: &'a Gazetteers,
        an: &'a Analysis,
        ctx: &'a DocContext,
    ) -> Self {
        let unlisted_names = unlisted_names(text, tokens, gaz, an);
        Entries { text, tokens, gaz, an, ctx, unlisted_names, evidence: None, named_in_full: None, qualifier_at: None }
    }

    /// The candidates of the postings of match `h` at token `s` that the
    /// article means there.
    pub(super) fn hit(&mut self, s: usize, h: Hit, out: &mut Vec<Candidate>, lone: &mut LoneWords) {
        let Entries { text, tokens, gaz, an, .. } = *self;
        let e = h.end;
        if !tokens[s].is_word() && tokens[s].kind != TokenKind::Number {
            return;
        }
        self.led_group(s, h, out);
        if !PhraseMap::has_kind(h.value, &[Kind::City, Kind::Country, Kind::Region, Kind::Organization]) {
            return;
        }
        // Keys never cross a line break ("Czech\nRepublic" in a table).
        if tokens[s + 1..e].iter().any(|t| t.is(LINE_START)) {
            return;
        }
        let m = self.read_match(s, h);
        // The case test asks of a posting only whether it is written in
        // capitals only and whether it is a country's: read once for each
        // of the four (a name has many postings: its towns).
        let mut case_read: [Option<bool>; 4] = [None; 4];
        for p in gaz.map().postings(h.value).filter_map(Posting::decode) {
            if !is_place_or_org(&p) {
                continue;
            }
            let which = usize::from(p.upper_only) << 1 | usize::from(p.kind == Kind::Country);
            if !*case_read[which].get_or_insert_with(|| case_ok(text, tokens, an, s, e, &p)) {
                continue;
            }
            match self.posting_rule(&m, &p) {
                Continue(rule) => {
                    if let Some(c) = self.entry_candidate(&m, p, rule) {
                        out.push(c);
                    }
                }
                Break(Refusal::Rejected(rule)) => {
                    if an.explain {
                        lone.rejected.push(Rejection { span: span_of(tokens, s, e), ty: kind_type(p.kind), rule });
                    }
                }
                Break(Refusal::Skipped) => {}
            }
        }
        if m.unlisted_here && tokens[s..e].iter().all(|t| !t.is_word() || t.is_capitalized()) {
            let name = title_cased(&name_of(text, tokens, s, e));
            out.push(pattern(an, s, e, span_of(tokens, s, e), EntityType::City, name, 2, Rule::PlaceQualifiedUnlisted));
        }
    }

    fn led_group(&self, s: usize, h: Hit, out: &mut Vec<Candidate>) {
        let Entries { text, tokens, an, .. } = *self;
        let e = h.end;
        let n = tokens.len();
        // "the Saudi-led coalition", "a Boeing-led consortium": a group led by
        // a country or a company is an organization of its own (the
        // leader's name stays inside it).
        if e + 2 < n
            && tokens[e].is_punct(text, '-')
            && !tokens[e].is(SPACE_BEFORE)
            && !tokens[e + 1].is(SPACE_BEFORE)
            && tokens[e + 1].bytes(text) == b"led"
            && tokens[e + 2].is(LOWER)
            && !tokens[e + 2].is(LINE_START)
            && an.info[e + 2].is(W_ORG_NOUN)
            && PhraseMap::has_kind(h.value, &[Kind::Country, Kind::Organization, Kind::Demonym])
        {
            let span = span_of(tokens, s, e + 3);
            let name = name_of(text, tokens, s, e + 3);
            out.push(pattern(an, s, e + 3, span, EntityType::Organization, name, 3, Rule::OrgLedGroup));
        }
    }

    fn read_match(&self, s: usize, h: Hit) -> Match<'a> {
        let Entries { text, tokens, gaz, an, .. } = *self;
        let e = h.end;
        let qualifier = qualifier_span(text, tokens, gaz, an, e).map(|(q, _)| q);
        // "Keldby, Ohio" where no Keldby of the lists is in Ohio, and the
        // article's other mentions of that name: the towns of that name
        // elsewhere are not meant; it is a town the lists lack (placed in
        // its state by the place stage).
        let unlisted_here = self.unlisted_names.contains(&h.value);
        // Words around a place name that make it part of another name: a
        // saint's or a mountain's ("St. Patrick's Day", "Mt. Washington";
        // the place is meant only when the lists have the whole, "St.
        // Louis"), a disease's ("Norwalk virus"; a country's name before a
        // disease word is the country: "the Mexico flu outbreak"). Read
        // once for all the entries of the name.
        let around = if s >= 2
            && tokens[s - 1].is_punct(text, '.')
            && tokens[s - 2].end() == tokens[s - 1].start()
            && matches!(tokens[s - 2].bytes(text), b"St" | b"Mt" | b"Ste")
            || saint_possessive(text, tokens, an, s, e)
        {
            Some(Rule::GazetteerSaint)
        } else if names_disease(text, tokens, an, s, e) {
            Some(Rule::GazetteerDisease)
        } else {
            None
        };
        Match {
            s,
            e,
            single: e == s + 1,
            info: an.info[s],
            qualifier,
            unlisted_here,
            around,
            // The word a hyphen joins the name to, if any ("T-Mobile", "pro-Lisbon").
            hyphened: hyphened_to(text, tokens, s),
        }
    }

    /// The rule of posting `p` of match `m`, unless the article does not
    /// mean it there.
    fn posting_rule(&mut self, m: &Match, p: &Posting) -> ControlFlow<Refusal, Rule> {
        self.context_check(m, p)?;
        self.evidence_check(m, p)?;
        self.form_check(m, p)?;
        self.entry_rule(m, p)
    }

    /// The words around the name that make it no place's.
    fn context_check(&self, m: &Match, p: &Posting) -> ControlFlow<Refusal> {
        let Entries { text, tokens, an, .. } = *self;
        let Match { s, e, single, info, unlisted_here, around, .. } = *m;
        let n = tokens.len();
        use Refusal::Rejected;
        // Demonyms ("German", "Spanish") are not places; nor is the
        // time zone of a clock time ("5 p.m. EST").
        if single && info.has(DEMONYM) {
            return Break(Rejected(Rule::GazetteerDemonym));
        }
        if unlisted_here && matches!(p.kind, Kind::City | Kind::Town) {
            return Break(Rejected(Rule::PlaceQualifiedUnlisted));
        }
        if let Some(rule) = around {
            let place = matches!(p.kind, Kind::City | Kind::Region);
            if place || rule == Rule::GazetteerSaint && p.kind == Kind::Country {
                return Break(Rejected(rule));
            }
        }
        if single && is_clock_zone(text, tokens, an, s) {
            return Break(Rejected(Rule::GazetteerClockZone));
        }
        // "US$", "HK$", "AU$": a country's code glued to a currency sign
        // names the money, not the place.
        if e < n && !tokens[e].is(SPACE_BEFORE) && is_currency_sign(tokens[e].text(text)) {
            return Break(Rejected(Rule::GazetteerCurrency));
        }
        // "Thanks be to God": a name of faith is no town's.
        if single && matches!(p.kind, Kind::City | Kind::Region | Kind::Town) && info.is(W_FAITH) {
            return Break(Rejected(Rule::GazetteerFaithWord));
        }
        // "Lam Wai-kwong", "Tam Hoi-lun": a place's name glued by a
        // hyphen to a lowercase syllable that is no English word (not
        // "Paris-based") is the first half of a given name.
        if matches!(p.kind, Kind::City | Kind::Region | Kind::Town)
            && e + 1 < n
            && tokens[e].is_punct(text, '-')
            && glued(tokens, e)
            && glued(tokens, e + 1)
            && tokens[e + 1].is(LOWER)
            && tokens[e + 1].end() - tokens[e + 1].start() <= 6
            && !an.info[e + 1].has(COMMON)
        {
            return Break(Rejected(Rule::GazetteerNameSyllable));
        }
        Continue(())
    }

    /// Whether the article names the organization of posting `p` in full
    /// (read once, on the first question).
    fn named_in_full(&mut self, p: &Posting) -> bool {
        let Entries { text, tokens, gaz, an, .. } = *self;
        self.named_in_full.get_or_insert_with(|| orgs_named_in_full(text, tokens, an, gaz)).contains(&p.offset)
    }

    /// A ticker, a club, a brand, a company: readings that need the
    /// article's evidence.
    fn evidence_check(&mut self, m: &Match, p: &Posting) -> ControlFlow<Refusal> {
        let Entries { text, tokens, gaz, an, ctx, .. } = *self;
        let Match { s, e, single, hyphened, .. } = *m;
        use Refusal::Rejected;
        self.ticker_check(m, p)?;
        // A club named after its city ("Liverpool", "Reading") is the
        // city unless the sentence is sports copy: a score after it, or
        // a sports report where it is not a dateline or after "in".
        // (The row's kind is read last: its line is seldom in the
        // CPU's caches.)
        if p.kind == Kind::Organization
            && has_kind(an, s, e, PLACES)
            && gaz.table(p.kind).field(p.offset, Col::Kind) == Some("sports")
        {
            let score_after = is_small_number(text, tokens, e) && results_position(text, tokens, s);
            let team_use =
                ctx.sports && !ctx.dateline[s] && !locative_before(an, s) && !is_dateline_place(text, tokens, s, e);
            if !score_after && !team_use {
                return Break(Rejected(Rule::TeamNeedsSportsEvidence));
            }
        }
        // "HALIFAX \u{2014} The premier called an election": a city's name
        // in capitals opening the story before its dash or comma is the
        // place it is filed from, not a company or a club of that name.
        if p.kind == Kind::Organization && has_kind(an, s, e, CITIES) && is_dateline_place(text, tokens, s, e) {
            return Break(Rejected(Rule::GazetteerDatelinePlace));
        }
        // "T-Mobile", "E-Trade": a name glued to a capital letter and a
        // hyphen before it is a brand's, no place's (but for a party's).
        if matches!(p.kind, Kind::City | Kind::Region | Kind::Country)
            && hyphened.is_some_and(|k| tokens[k].is(UPPER) && tokens[k].end() - tokens[k].start() == 1)
            // a party's letter before a legislator's home: "R-Ky.", "D-Raleigh"
            && !matches!(tokens[s - 2].bytes(text), b"D" | b"R" | b"I")
        {
            return Break(Rejected(Rule::GazetteerLetterPrefix));
        }
        // "pro-Lisbon camp", "anti-Quito mood", "an ex-Chile
        // striker": a place glued to a prefix of stance or of former
        // membership names the stance, not the place.
        if matches!(p.kind, Kind::City | Kind::Region | Kind::Country | Kind::Town)
            && hyphened.is_some_and(|k| token_is(text, &tokens[k], &["pro", "anti", "ex"]))
        {
            return Break(Rejected(Rule::GazetteerStancePrefix));
        }
        // A natural or news region that is a listed company's name too
        // ("Amazon", "Patagonia") is the company unless "the" or a
        // preposition of place stands before it ("in the Amazon",
        // "across Patagonia"): "backed by Amazon" is the company.
        if p.kind == Kind::Region
            && !(s > 0 && token_is(text, &tokens[s - 1], &["the"]))
            && !locative_before(an, s)
            && has_posting(an, gaz, s, e, ORGS, |q| is_company(gaz, q))
            && gaz.table(p.kind).field(p.offset, Col::Kind) == Some("region")
        {
            return Break(Rejected(Rule::GazetteerCompanyNotRegion));
        }
        // An organization's short name that is a place's name too
        // ("Meta", "Woodside", "Brookfield") is the place unless the
        // article names the organization in full, or the name speaks,
        // leads a title or stands in a list of companies. An acronym is
        // matched in capitals only, and needs none of this.
        if p.kind == Kind::Organization && p.alias && !p.upper_only && has_kind(an, s, e, PLACES) {
            let full = self.named_in_full(p);
            // "Rogers said": a frequent family name speaking is a person.
            let speaks = speech_verb_after(text, tokens, an, e) && !frequent_surname(an, gaz, s);
            // ("Meta, which owns ... Meta said": one name, one sense in
            // one article.)
            let speaks_elsewhere = |this: &mut Self| {
                let ev = this.evidence.get_or_insert_with(|| NameEvidence::new(tokens, an));
                single && ev.speaks_elsewhere(text, tokens, an, gaz, s)
            };
            if !(full
                || speaks
                || title_and_name_after(an, gaz, tokens, e)
                || among_companies(text, tokens, an, gaz, s, e)
                || speaks_elsewhere(self))
            {
                return Break(Rejected(Rule::OrgAliasNeedsEvidence));
            }
        }
        Continue(())
    }

    fn ticker_check(&mut self, m: &Match, p: &Posting) -> ControlFlow<Refusal> {
        let Entries { text, tokens, gaz, an, .. } = *self;
        let Match { s, e, .. } = *m;
        // Stock tickers ("USB" for U.S. Bancorp) collide with everyday
        // acronyms; a company is matched by its name.
        // Unless the article names the company in full ("General
        // Motors ... GM"), or writes the company's initials as its name:
        // among companies ("Dell, HP and Lenovo"), speaking ("GM said")
        // or before a title and a name ("GM chief executive Mary Barra"),
        // and not after a capitalised word, as a name's suffix is
        // ("James Baker III said").
        // (Initials joined by "&" are no ticker: "P&G", "M&S".)
        if p.alias
            && p.upper_only
            && is_company(gaz, p)
            && !tokens[s..e].iter().any(|t| t.is_punct(text, '&'))
            && !self.named_in_full(p)
            && (s > 0 && tokens[s - 1].is(CAP) && tokens[s].is(SPACE_BEFORE) // "James Baker III said"
                || !initials_of(gaz.table(p.kind).field(p.offset, Col::Name).unwrap_or(""), &text[tokens[s].start()..tokens[e - 1].end()])
                || !among_companies(text, tokens, an, gaz, s, e)
                    && !speech_verb_after(text, tokens, an, e)
                    && !title_and_name_after(an, gaz, tokens, e))
        {
            return Break(Refusal::Rejected(Rule::GazetteerTicker));
        }
        Continue(())
    }

    /// An era, a table's header, a date word.
    fn form_check(&self, m: &Match, p: &Posting) -> ControlFlow<Refusal> {
        let Entries { text, tokens, an, .. } = *self;
        let Match { s, e, single, info, .. } = *m;
        // "500 B.C.": an era after a year, not a place's short form
        // ("B.C." for British Columbia).
        if p.alias
            && s > 0
            && tokens[s - 1].kind == TokenKind::Number
            && is_era(&text[tokens[s].start()..tokens[e - 1].end()])
        {
            return Break(Refusal::Rejected(Rule::GazetteerEra));
        }
        // Acronyms in table headers ("W L PCT", "AB R H RBI").
        if p.upper_only && p.alias && an.caps_line[s] && e - s <= 2 {
            return Break(Refusal::Skipped);
        }
        if single && info.is(W_DATE) {
            return Break(Refusal::Skipped);
        }
        Continue(())
    }

    /// The rule of an entry whose word may be a common one, or a given
    /// name.
    fn entry_rule(&mut self, m: &Match, p: &Posting) -> ControlFlow<Refusal, Rule> {
        let Entries { text, tokens, gaz, an, .. } = *self;
        let Match { s, e, single, info, qualifier, .. } = *m;
        let n = tokens.len();
        // Common words ("Nice", "Reading", "Split"): only mid-sentence,
        // capitalised, outside capitals lines, and not inside a longer name.
        // "in Nice", "from Reading": a preposition of place vouches for it.
        // A country's own name ("China", "Turkey") is the country
        // anywhere in news, at the start of a sentence or in a headline.
        // "in Liverpool and Reading": a list of places vouches for each.
        // (Asked only of a lone common word.)
        let locative = || {
            !tokens[s].is(UPPER)
                && (locative_before(an, s)
                    || matches!(p.kind, Kind::City | Kind::Region)
                        && !tokens[s].is(SENT_START)
                        && listed_beside(text, tokens, an, gaz, s, e, true, PLACES, is_place))
        };
        let country = p.kind == Kind::Country && !p.alias;
        // "WELLINGTON, New Zealand —", "Reading, Pa.": a country or
        // state after a comma says the word is a place's name.
        let qualified = qualifier.is_some() && matches!(p.kind, Kind::City | Kind::Town);
        // "US", "UK": an acronym written in capitals, as the list has
        // it, is that name wherever it stands outside a capitals line.
        let acronym = p.upper_only && tokens[s].is(UPPER) && !an.caps_line[s];
        // "it IS true", "there IS a way": a verb in capitals for
        // emphasis, after a pronoun for its subject, is no acronym
        // ("warned that IS could regroup" is the group).
        if acronym
            && single
            && lower_eq(tokens[s].text(text), &["is", "am", "are", "was", "were", "do", "did", "can", "will", "has"])
            && s > 0
            && tokens[s - 1].is(LOWER)
            && token_is(text, &tokens[s - 1], &["it", "there", "he", "she", "here"])
        {
            return Break(Refusal::Rejected(Rule::GazetteerEmphasis));
        }
        let mut rule = if acronym && info.has(COMMON) { Rule::GazetteerAcronym } else { Rule::GazetteerEntry };
        if single && info.has(COMMON) && !country && !acronym && !qualified && !locative() {
            rule = self.common_word_rule(m, p, rule)?;
        }
        // A given name that is also a city ("Florence", "Victoria"): a
        // following capitalised surname makes it a person.
        if single
            && p.kind == Kind::City
            && info.has(GIVEN)
            && s + 1 < n
            && tokens[s + 1].is_capitalized()
            && an.info[s + 1].has(SURNAME | NAME_TOKEN)
            // "the Florence Police Department", "Madison Mayor Ruth Ansel": a
            // public body's word or a title is no family name there.
            && !an.info[s + 1].has(ROLE)
            && !an.info[s + 1].is(W_ORG_HEAD)
            && !an.is_local_body(s + 1)
        {
            return Break(Refusal::Rejected(Rule::GazetteerGivenNameCity));
        }
        Continue(rule)
    }

    /// The rule of a lone common word that nothing around it vouches for
    /// as a name (`rule` where the article's use of it says nothing).
    fn common_word_rule(&mut self, m: &Match, p: &Posting, mut rule: Rule) -> ControlFlow<Refusal, Rule> {
        let Entries { text, tokens, gaz, an, ctx, .. } = *self;
        let Match { s, e, info, .. } = *m;
        let n = tokens.len();
        use Refusal::Rejected;
        if tokens[s].is(SENT_START) || an.caps_line[s] || tokens[s].is(UPPER) && p.kind != Kind::Organization {
            // Where a capital says nothing, the rest of the article
            // may: the word written as a name mid-sentence and never
            // in lowercase ("Apple ... shares of Apple"); or, for a
            // company, a title and a name after it ("Apple CEO Tim Cook").
            let ev = self.evidence.get_or_insert_with(|| NameEvidence::new(tokens, an));
            if ev.name_elsewhere(an, s) {
                rule = Rule::GazetteerNameElsewhere;
            } else if p.kind == Kind::Organization && title_and_name_after(an, gaz, tokens, e) {
                rule = Rule::OrgBeforeTitle;
            } else if matches!(p.kind, Kind::City | Kind::Region) && office_and_name_after(text, an, gaz, tokens, e) {
                rule = Rule::PlaceBeforeOffice;
            } else if p.kind == Kind::City && settlement_named(text, tokens, an, s, e) {
                // "Warren, a mill town on the river": the story says what
                // the word names.
                rule = Rule::PlaceSettlementNoun;
            } else if p.kind == Kind::Organization && speech_verb_after(text, tokens, an, e) {
                rule = Rule::OrgBeforeSpeechVerb;
            } else if p.kind == Kind::Organization
                && tokens[s].is(SENT_START)
                && is_company(gaz, p)
                && subject_word_after(text, tokens, an, e)
            {
                rule = Rule::OrgSentenceSubject;
            } else if p.kind == Kind::Organization
                && tokens[s].is(SENT_START)
                && is_company(gaz, p)
                && among_companies(text, tokens, an, gaz, s, e)
            {
                rule = Rule::OrgAmongCompanies;
            } else if p.kind == Kind::Organization
                && ctx.sports
                && gaz.table(p.kind).field(p.offset, Col::Kind) == Some("sports")
            {
                // "Arsenal beat Chelsea 2-0": in a sports report, a club
                // named by a common word opens its sentence as the club.
                rule = Rule::TeamSportsReport;
            } else if p.kind == Kind::Organization && ev.speaks_elsewhere(text, tokens, an, gaz, s) {
                // "Ford has announced cuts ... Ford is the third-largest
                // carmaker": one name, one sense in one article.
                rule = Rule::GazetteerNameElsewhere;
            } else {
                return Break(Rejected(Rule::GazetteerCommonWord));
            }
        }
        // (What the story says of the word outweighs its other uses.)
        let said_a_place = matches!(rule, Rule::PlaceBeforeOffice | Rule::PlaceSettlementNoun);
        if p.kind == Kind::City && (info.has(GIVEN) || info.has(SURNAME)) && !said_a_place {
            return Break(Rejected(Rule::GazetteerCommonWord));
        }
        // "Golden Enterprise Fund", "Letters From A Quiet
        // Republic": a common word among capitalised words is a word
        // of that longer name, not a town (a town's own council or
        // police after it stays: "Reading Police").
        // (A sentence's opening article or preposition is no word of a
        // name: "A Delta police officer".)
        let capital_before = s > 0
            && tokens[s - 1].is_capitalized()
            && !tokens[s].is(SENT_START)
            && !(tokens[s - 1].is(SENT_START)
                && lower_eq(
                    tokens[s - 1].text(text),
                    &["a", "an", "the", "in", "at", "for", "from", "on", "to", "by"],
                ));
        let capital_after = e < n
            && tokens[e].is_capitalized()
            && !an.info[e].is(W_LOCAL_BODY | W_ORG_HEAD | W_PLACE_NOUN)
            && !an.info[e].has(PLACE);
        if matches!(p.kind, Kind::City | Kind::Region) && (capital_before || capital_after) && !said_a_place {
            return Break(Rejected(Rule::GazetteerCommonWord));
        }
        Continue(rule)
    }

    /// The candidate of posting `p`, meant where match `m` stands.
    fn entry_candidate(&mut self, m: &Match, p: Posting, rule: Rule) -> Option<Candidate> {
        let Entries { text, tokens, gaz, an, ctx, .. } = *self;
        let Match { s, e, qualifier, .. } = *m;
        let mut c = gazetteer_candidate(gaz, p, span_of(tokens, s, e))?;
        c.rule = rule;
        if p.alias {
            c.priority = c.priority.saturating_sub(1);
        }
        // "Paris, Texas": the qualifier picks among same-name places.
        if let (EntityType::City, Some((country, admin1))) = (&c.ty, &qualifier) {
            if c.attrs.country.as_deref() == Some(*country)
                && admin1.is_none_or(|a| c.attrs.admin1.as_deref() == Some(a))
            {
                c.priority += QUALIFIED;
                c.rule = Rule::PlaceQualified;
                self.qualifier_at = Some(e + 1);
            }
        }
        // Sports results: "Leeds 2 Chelsea 1", or any city named
        // as a team in a sports report.
        let score_after = is_small_number(text, tokens, e) && ctx.sports && results_position(text, tokens, s);
        // ("KANSAS CITY, Mo. \u{2014}": the state that qualifies a city is
        // no team.)
        if c.ty != EntityType::Country
            && self.qualifier_at != Some(s)
            && (score_after || is_team_use(text, tokens, an, ctx, &c, s, e))
            && !matches!(c.ty, EntityType::Organization)
        {
            c.ty = EntityType::Organization;
            let key = prefixed("team", &crate::gazetteer::fold::key_of(c.name()));
            c.attrs = Arc::new(Attrs { kind: Some("sports".into()), ..Attrs::named(c.name().clone(), key) });
            c.rule = if score_after { Rule::TeamResultsLine } else { Rule::TeamSportsReport };
        }
        Some(c)
    }
}

/// The token joined by a hyphen, without spaces, before token `s`
/// ("T" of "T-Mobile", "pro" of "pro-Lisbon").
fn hyphened_to(text: &str, tokens: &[Token], s: usize) -> Option<usize> {
    (s >= 2 && tokens[s - 1].is_punct(text, '-') && glued(tokens, s - 1) && glued(tokens, s)).then(|| s - 2)
}

/// Case check for a gazetteer hit over tokens `[s, e)`.
pub(super) fn case_ok(text: &str, tokens: &[Token], an: &Analysis, s: usize, e: usize, p: &Posting) -> bool {
    let mut words = 0;
    for i in s..e {
        let t = &tokens[i];
        if !t.is_word() {
            continue;
        }
        words += 1;
        if p.upper_only && !t.is(UPPER) {
            return false;
        }
        if t.is(CAP) {
            continue;
        }
        // The domain of a web name ("Amazon.com").
        if i >= s + 2 && tokens[i - 1].is_punct(text, '.') && glued(tokens, i - 1) && glued(tokens, i) {
            continue;
        }
        // A lowercase word joined by a hyphen ("Co-operation").
        if i >= s + 2 && tokens[i - 1].is_punct(text, '-') && glued(tokens, i - 1) && glued(tokens, i) {
            continue;
        }
        let w = t.text(text);
        // The Arabic article of a listed name, lowercase and joined by a
        // hyphen to the capitalised rest ("al-Shabaab", "el-Arish").
        if i == s && e > s + 2 && arabic_article(text, tokens, i) {
            continue;
        }
        // The lowercase rest of a word written with an apostrophe inside
        // it, as the name is listed ("Da'esh"); not a possessive "'s".
        if i >= s + 2
            && w != "s"
            && glued(tokens, i - 1)
            && glued(tokens, i)
            && tokens[i - 2].is_word()
            && matches!(tokens[i - 1].text(text), "'" | "\u{2019}" | "\u{02BC}")
        {
            continue;
        }
        // Lowercase connectors inside names ("Bosnia and Herzegovina", "Rio de Janeiro",
        // "Institute for Fiscal Studies").
        // A possessive inside a country's name ("People's Republic of China").
        if p.kind == Kind::Country && i > s + 1 && w == "s" && glued(tokens, i) && !tokens[i - 1].is_word() {
            continue;
        }
        if i > s
            && lower_eq(
                w,
                &[
                    "and", "of", "the", "for", "to", "de", "del", "da", "do", "dos", "la", "le", "les", "sur", "upon",
                    "on", "am", "an", "der", "im", "en", "y", "el", "al", "di",
                ],
            )
        {
            continue;
        }
        return false;
    }
    let _ = an;
    words > 0
}

/// True if `t` is a time zone written after a clock time: "5 p.m. EST",
/// "0900 GMT", "14:30 CET".
fn is_clock_zone(text: &str, tokens: &[Token], an: &Analysis, i: usize) -> bool {
    let t = &tokens[i];
    if !t.is(UPPER) || !an.info[i].is(W_TIME_ZONE) {
        return false;
    }
    let before = text[..t.start()].trim_end().as_bytes();
    let ends = |s: &str| before.len() >= s.len() && before[before.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes());
    let meridiem = ["a.m.", "p.m.", "am", "pm"]
        .iter()
        .any(|m| ends(m) && before[..before.len() - m.len()].last().is_none_or(|b| b.is_ascii_digit() || *b == b' '));
    meridiem || before.last().is_some_and(u8::is_ascii_digit)
}

/// A place used as a team name in a sports report ("Leeds beat Chelsea 2-1").
fn is_team_use(
    text: &str,
    tokens: &[Token],
    an: &Analysis,
    ctx: &DocContext,
    c: &Candidate,
    s: usize,
    e: usize,
) -> bool {
    if !ctx.sports
        || ctx.dateline[s]
        || locative_before(an, s)
        || is_venue_heading(text, tokens, s, e)
        || is_dateline_place(text, tokens, s, e)
    {
        return false;
    }
    let team_kind = match c.ty {
        EntityType::City => true,
        // The home nations of the United Kingdom (England, Scotland,
        // Wales, Northern Ireland) play as countries, and are named like them.
        // English counties play cricket as counties ("Essex", "Kent").
        EntityType::Region => match c.attrs.kind.as_deref() {
            Some("admin1" | "state") => c.attrs.country.as_deref() != Some("GB"),
            Some("admin2") => c.attrs.country.as_deref() == Some("GB"),
            _ => false,
        },
        _ => false,
    };
    team_kind
}

/// True if `written` is an era ("B.C.", "AD") of `era_words.txt`, its
/// periods aside.
fn is_era(written: &str) -> bool {
    let bare: String = written.chars().filter(|&c| c != '.').flat_map(char::to_lowercase).collect();
    crate::rules::words(crate::rules::ERA_WORDS).any(|w| w == bare)
}

/// The entity type of a gazetteer entry of kind `k` (places and organizations).
fn kind_type(k: Kind) -> EntityType {
    match k {
        Kind::City => EntityType::City,
        Kind::Country => EntityType::Country,
        Kind::Region => EntityType::Region,
        _ => EntityType::Organization,
    }
}

/// True if the gazetteer match `h` at `s` is a town's name qualified by a
/// state or country that no listed place of that name is in ("Millbrook,
/// Ohio" where the lists have Millbrook in Alabama and New York only).
fn qualified_unlisted(text: &str, tokens: &[Token], gaz: &Gazetteers, an: &Analysis, s: usize, h: Hit) -> bool {
    let e = h.end;
    if PhraseMap::has_kind(h.value, &[Kind::Country, Kind::Region, Kind::Organization])
        || !PhraseMap::has_kind(h.value, &[Kind::City, Kind::Town])
    {
        return false;
    }
    let Some(((cc, a1), Some(q))) = qualifier_span(text, tokens, gaz, an, e) else {
        return false;
    };
    qualifier_closes(text, tokens, q)
        && gaz.map().postings(h.value).filter_map(Posting::decode).all(|p| {
            !matches!(p.kind, Kind::City | Kind::Town)
                || gazetteer_candidate(gaz, p, span_of(tokens, s, e)).is_some_and(|c| {
                    c.attrs.country.as_deref() != Some(cc) || a1.is_some_and(|a| c.attrs.admin1.as_deref() != Some(a))
                })
        })
}

/// True if `w` is a currency sign ("$", "€", "£", "¥").
fn is_currency_sign(w: &str) -> bool {
    matches!(w, "$" | "€" | "£" | "¥")
}

/// True if the place name at tokens `s..e` is part of a disease's name:
/// before a disease word ("Norwalk virus", "Lassa
/// haemorrhagic fever") or joined by a hyphen to one before it
/// ("Ebola-Kikwit").
fn names_disease(text: &str, tokens: &[Token], an: &Analysis, s: usize, e: usize) -> bool {
    let disease = |i: usize| an.info[i].is(W_DISEASE);
    let joined = |a: usize, b: usize| tokens[a].end() == tokens[b].start();
    let mut i = e;
    if i + 1 < tokens.len() && tokens[i].is_punct(text, '-') && joined(i - 1, i) && joined(i, i + 1) {
        i += 1;
    }
    if i < tokens.len() && disease(i) && tokens[i].is(LOWER) {
        return true;
    }
    s >= 2 && tokens[s - 1].is_punct(text, '-') && joined(s - 2, s - 1) && joined(s - 1, s) && disease(s - 2)
}

/// True if the entry is a place or an organization: the entities of the
/// lists that the name rules report.
fn is_place_or_org(p: &Posting) -> bool {
    matches!(p.kind, Kind::City | Kind::Country | Kind::Region | Kind::Organization)
}

/// True if the entry is a place: a city, a country or a region.
fn is_place(p: &Posting) -> bool {
    matches!(p.kind, Kind::City | Kind::Country | Kind::Region)
}

/// True if tokens `[s, e)` open a line and a colon follows them, perhaps
/// after a bracketed ground: the venue heading of a results line
/// ("Leicester : Leicestershire beat Somerset", "London ( The Oval ) :").
fn is_venue_heading(text: &str, tokens: &[Token], s: usize, e: usize) -> bool {
    if !tokens[s].is(LINE_START) {
        return false;
    }
    let mut i = e;
    if i < tokens.len() && tokens[i].is_punct(text, '(') {
        while i < tokens.len() && !tokens[i].is(LINE_START) && !tokens[i].is_punct(text, ')') {
            i += 1;
        }
        i += 1;
    }
    i < tokens.len() && !tokens[i].is(LINE_START) && tokens[i].is_punct(text, ':')
}

/// True if tokens `[s, e)` are the place of a wire dateline: in capitals at
/// the start of a line, before a comma, a bracket or a dash ("MANCHESTER,
/// England (AP) -", "LEEDS (Reuters) -").
fn is_dateline_place(text: &str, tokens: &[Token], s: usize, e: usize) -> bool {
    tokens[s].is(LINE_START)
        && tokens[s].is(UPPER)
        && tokens.get(e).is_some_and(|t| {
            [",", "(", "-", "\u{2013}", "\u{2014}"].iter().any(|p| t.is_punct(text, p.chars().next().unwrap()))
        })
}
