//! What one chunk names: [`classify_chunk`] and its steps.
//!
//! A chunk is read in order: first its edges are trimmed (a title cut off
//! by its period, an article after a dateline's dash, sentence-initial
//! function words, cues before the name), and splits found inside it (an
//! institution and its officer, a company and its officer); then the words
//! left ([`NameWords`]) go through the rules in turn, places and
//! organizations first, people last. Each step returns [`Flow`]: `Break`
//! when it settled the chunk (a candidate pushed, a rejection noted, or
//! nothing to report), `Continue` to let the next step read it.

use std::cell::OnceCell;
use std::ops::ControlFlow::{self, Break, Continue};

use super::context::*;
use super::*;

/// `Break` when a step settled the chunk.
type Flow = ControlFlow<()>;

/// Decide what the tokens of `ch` name, pushing candidates (and lone words,
/// rejections) into `out`.
pub(super) fn classify_chunk(
    text: &str,
    tokens: &[Token],
    gaz: &Gazetteers,
    an: &Analysis,
    ctx: &DocContext,
    ch: Chunk,
    out: &mut Sink,
) {
    Doc { text, tokens, gaz, an, ctx }.chunk(ch, out);
}

/// What every step reads: the article and what was learnt of it.
#[derive(Clone, Copy)]
struct Doc<'a> {
    text: &'a str,
    tokens: &'a [Token],
    gaz: &'a Gazetteers,
    an: &'a Analysis,
    ctx: &'a DocContext,
}

/// A chunk's working state while its edges are trimmed: tokens `[s, e)`
/// and whether a title or honorific announces a person.
struct Work {
    s: usize,
    e: usize,
    cue_person: bool,
}

impl<'a> Doc<'a> {
    fn chunk(self, ch: Chunk, out: &mut Sink) {
        let _ = self.read(ch, out);
    }

    fn read(self, ch: Chunk, out: &mut Sink) -> Flow {
        let mut w = Work { s: ch.start, e: ch.end, cue_person: false };
        let cut_before_title = self.end_before_abbreviated_title(&mut w);
        self.article_after_dash(&mut w);
        self.byline(&w, out)?;
        let opening = w.s;
        self.strip_sentence_initial_function_words(&mut w);
        if w.s >= w.e {
            self.family_name_opening(opening, w.e, out);
            return Break(());
        }
        self.date_before_place(&mut w);
        let institution = self.institution_then_title(&mut w, out)?;
        self.party_letter(&w, out)?;
        self.abbreviated_title_alone(&w)?;
        self.cue_before(&mut w, cut_before_title);
        self.city_word(&w, out)?;
        self.organization_shape(&mut w, institution, out)?;
        self.strip_leading_cues(&mut w, out)?;
        let e = self.name_end(&w)?;
        let words = NameWords::new(self, w.s, e, ch.start, w.cue_person);
        words.roman_generation(out)?;
        words.classify(out)
    }

    /// "Marine Lance Cpl. Ana Ruiz", "Army Staff Sgt. Bo Lee": true when the
    /// chunk was cut before an abbreviated title that ends it.
    fn end_before_abbreviated_title(self, w: &mut Work) -> bool {
        let Doc { text, tokens, gaz, an, .. } = self;
        let (s, e) = (w.s, w.e);
        // "Marine Lance Cpl. Ana Ruiz", "Army Staff Sgt. Bo Lee": a chunk
        // that ends in an abbreviated title, its period left out, ends before
        // the title (titles name no one; the name after the period has them).
        if e < tokens.len() && tokens[e].is_punct(text, '.') && glued(tokens, e) {
            let title = (s..e).find(|&k| {
                an.info[k].has(ROLE | HONORIFIC | CUE_START) && longest_cue(tokens, an, gaz, k, e + 1) == Some(e + 1)
            });
            if let Some(k) = title {
                w.e = k;
                return true;
            }
        }
        false
    }

    fn article_after_dash(self, w: &mut Work) {
        let Doc { text, tokens, .. } = self;
        let (s, e) = (w.s, w.e);
        // After a dateline's dash or a colon a new sentence starts, though the
        // tokenizer marks none: "ALBANY — An Albany man", "Update: A Dunmore
        // woman", "GENEVA (AP) — The World Health Organization". The article
        // is no first name there, nor part of the name.
        if s + 1 < e
            && s > 0
            && tokens[s].is(SPACE_BEFORE)
            // (A wire's spaced hyphen too: "GENEVA (Reuters) - The".)
            && (["\u{2014}", "\u{2013}", "--", ":"].contains(&tokens[s - 1].text(text))
                || tokens[s - 1].is_punct(text, '-') && tokens[s - 1].is(SPACE_BEFORE))
            && ["A", "An", "The"].contains(&tokens[s].text(text))
            && !is_initial(text, tokens, s)
        {
            w.s += 1;
        }
    }

    fn byline(self, w: &Work, out: &mut Sink) -> Flow {
        let Doc { text, tokens, an, .. } = self;
        let (s, e) = (w.s, w.e);
        // "BY ANA TRELL Staff Writer", "By Ana Trell, staff writer": the
        // byline names the story's writer, a person; the words after it are
        // her title, no name.
        if let Some(k) = byline_name_end(text, tokens, an, s, e) {
            let span = span_of(tokens, s + 1, k);
            let name = title_cased(&name_of(text, tokens, s + 1, k));
            out.cands.push(pattern(an, s + 1, k, span, EntityType::Person, name, 2, Rule::PersonByline));
            return Break(());
        }
        Continue(())
    }

    fn strip_sentence_initial_function_words(self, w: &mut Work) {
        let Doc { text, tokens, gaz, an, .. } = self;
        let e = w.e;
        // Sentence-initial function words are not names ("The", "On", "That").
        while w.s < e && tokens[w.s].is(SENT_START) && !is_initial(text, tokens, w.s) {
            let s = w.s;
            let inf = an.info[s];
            let word = tokens[s].text(text);
            // "An Albany man": an article, though "An" is a first name too; a
            // listed name may start with one ("A Coruña", "Air France"; "The
            // National" aside: "the" never starts a name).
            let article = lower_eq(word, &["a", "an"]);
            // A word that is also a rare family name ("Later", "Meanwhile")
            // opens the sentence as a word.
            // ("Institute of Coastal Studies researchers found": an
            // institution's head word before its "of" opens its name.)
            let function_word = inf.has(COMMON)
                && !inf.has(GIVEN | NAME_TOKEN | PLACE | ORG | ROLE | HONORIFIC)
                && institution_head(text, tokens, an, s, e) != Some(s)
                && (!inf.has(SURNAME)
                    || s + 1 < e
                        && !frequent_surname(an, gaz, s)
                        && (inf.is(W_PLACE_PREPOSITION)
                            || !an.info[e - 1].is(W_ORG_HEAD) && legal_suffix_start(text, tokens, an, s, e).is_none()));
            if (article || function_word) && (lower_eq(word, &["the"]) || multi_kind(an, s, e, PLACES_ORGS).is_none()) {
                w.s += 1;
            } else {
                break;
            }
        }
    }

    /// An everyday word alone, opening a sentence before a comma or a verb
    /// ("Musk, who also runs Tesla,", "Musk has said"): kept for
    /// [`LoneWords::settle`], the family name of a person named in full or
    /// nothing.
    fn family_name_opening(self, s: usize, e: usize, out: &mut Sink) {
        let Doc { text, tokens, an, .. } = self;
        if e != s + 1 || e >= tokens.len() || !tokens[s].is(SENT_START) || !an.info[s].has(COMMON) {
            return;
        }
        let next = &tokens[e];
        let verb = || {
            next.is(LOWER)
                && (an.info[e].is(W_SPEECH) || FAMILY_NAME_FOLLOWERS.iter().any(|w| next.bytes(text) == w.as_bytes()))
        };
        if next.is_punct(text, ',') || verb() {
            out.lone.family.push(s as u32);
        }
    }

    fn date_before_place(self, w: &mut Work) {
        let an = self.an;
        let (s, e) = (w.s, w.e);
        // "9 p.m. Tuesday Springfield Police arrested two men": a weekday
        // or month before a place's name is the date, not the name's first
        // word (a listed name that opens with one, "Sunday Times", stays).
        if s + 1 < e
            && an.info[s].is(W_DATE)
            && multi_kind(an, s, e, PLACES_ORGS).is_none()
            && multi_kind(an, s + 1, e, PLACES).is_some()
        {
            w.s += 1;
        }
    }

    /// The chunk's institution head, if any (see [`institution_head`]),
    /// after splitting off a title and name that follow the institution's
    /// name or cutting a title that closes it.
    fn institution_then_title(self, w: &mut Work, out: &mut Sink) -> ControlFlow<(), Option<usize>> {
        let Doc { text, tokens, gaz, an, .. } = self;
        let (s, e) = (w.s, w.e);
        // "Bank of Japan Governor Kazuo Ueda": an institution's name, then a
        // title and a name: two names, the institution's and the person's.
        // (Read once: the organization shape below asks it again.)
        let institution = institution_head(text, tokens, an, s, e);
        if let Some(j) = institution {
            // The words after the title are a name's: capitalised, a few.
            let name_after = |m: usize| {
                m < e
                    && (m..e).filter(|&i| tokens[i].is_word()).count() <= 4
                    && (m..e).all(|i| !tokens[i].is_word() || tokens[i].is(CAP) || tokens[i].is(UPPER))
            };
            let cut = (j + 3..e.saturating_sub(1)).find(|&k| {
                tokens[k].is(CAP)
                    && tokens[k].is(SPACE_BEFORE)
                    && longest_cue(tokens, an, gaz, k, e).is_some_and(name_after)
            });
            if let Some(k) = cut {
                self.chunk(Chunk { start: s, end: k }, out);
                self.chunk(Chunk { start: k, end: e }, out);
                return Break(());
            }
            // "the Center for Coastal Research Director said": a title closing
            // an institution's name after its field words is its holder's (a
            // plural one is the name's: "Association of Chief Police Officers").
            // (An office's title: a team's positions and a court's or a
            // crown's titles name fields and things too, "Department of
            // Harbor Safety", "Department of Youth Justice", "Medical
            // Center".)
            let reaches_end = |k: usize| longest_cue(tokens, an, gaz, k, e) == Some(e);
            let title = (j + 2..e).find(|&k| reaches_end(k)).filter(|&k| {
                k > j + 2
                    && tokens[k].is(CAP)
                    && tokens[k].is(SPACE_BEFORE)
                    && tokens[k - 1].is_capitalized()
                    && has_posting(an, gaz, k, e, CUE_KINDS, |p| office_title(gaz, p))
            });
            if let Some(k) = title.filter(|_| !tokens[e - 1].text(text).ends_with('s')) {
                w.e = k;
            }
        }
        Continue(institution)
    }

    fn party_letter(self, w: &Work, out: &mut Sink) -> Flow {
        let Doc { text, tokens, gaz, an, .. } = self;
        let (s, e) = (w.s, w.e);
        // "Mitch Barlow, R-Ky.": a lawmaker's party letter joined to the
        // abbreviation of the state: the state is named, no one else.
        let letter_hyphen = e >= s + 3
            && tokens[s].end() - tokens[s].start() == 1
            && tokens[s].is(UPPER)
            && tokens[s + 1].is_punct(text, '-')
            && !tokens[s + 1].is(SPACE_BEFORE)
            && !tokens[s + 2].is(SPACE_BEFORE);
        if letter_hyphen {
            let state = [e, e + 1]
                .iter()
                .any(|&k| k <= tokens.len() && has_posting(an, gaz, s + 2, k, AREAS, |p| p.kind == Kind::Region));
            // "D-Wetzel": its county, for the place stage to name.
            let home = !state && party_home(text, tokens, s);
            if home {
                out.lone.party_homes.push(s as u32);
            }
            if state || home {
                if an.explain {
                    let span = span_of(tokens, s, e);
                    out.lone.rejected.push(Rejection { span, ty: EntityType::Person, rule: Rule::PlacePartyState });
                }
                return Break(());
            }
        }
        Continue(())
    }

    fn abbreviated_title_alone(self, w: &Work) -> Flow {
        let Doc { text, tokens, gaz, an, .. } = self;
        let (s, e) = (w.s, w.e);
        // An abbreviated title cut off by its period ("Lt. Gen. Mara Quill":
        // the chunk "Gen") names no one: the name follows it.
        if s + 1 == e
            && e < tokens.len()
            && tokens[e].is_punct(text, '.')
            && has_posting(an, gaz, s, e + 1, CUE_KINDS, |p| is_cue(gaz, p))
        {
            return Break(());
        }
        Continue(())
    }

    fn cue_before(self, w: &mut Work, cut_before_title: bool) {
        let Doc { text, tokens, gaz, an, .. } = self;
        let (s, e) = (w.s, w.e);
        let n = tokens.len();
        // Cue before the chunk: an honorific or a title ("president X"),
        // unless a title's noun follows the chunk: then the chunk is part of
        // the title ("chief Brexit negotiator", "senior Treasury official",
        // "press director Navy Capt. Jeff Davis").
        let title_noun_after = cut_before_title || e < n && tokens[e].is(LOWER) && an.info[e].has(ROLE);
        if title_ending_at(tokens, an, gaz, s) && !title_noun_after {
            w.cue_person = true;
        }
        // "The company's spokesman, Tree Hollis, declined": a name set off
        // by commas after a title in lowercase is its holder's (a first
        // name says so already).
        if s >= 2
            && !an.info[s].has(GIVEN)
            && tokens[s - 1].is_punct(text, ',')
            && tokens[s - 2].is(LOWER)
            && e < n
            && tokens[e].is_punct(text, ',')
            && title_ending_at(tokens, an, gaz, s - 1)
        {
            w.cue_person = true;
        }
    }

    fn city_word(self, w: &Work, out: &mut Sink) -> Flow {
        let Doc { text, tokens, gaz, an, ctx } = self;
        let (s, e) = (w.s, w.e);
        // "Gaza City", "Davao City": a city's name and "City", listed as no
        // name of its own, is the city (outside sports copy, where "Stoke
        // City" is a club).
        if e == s + 2
            && !ctx.sports
            && !tokens[s + 1].is(LOWER)
            && token_is(text, &tokens[s + 1], &["city"])
            && !has_entity_posting(an, s, e)
            // "Fargo City Commissioner": the city's government, before a title.
            && !(e < tokens.len() && tokens[e].is(CAP) && tokens[e].is(SPACE_BEFORE) && longest_cue(tokens, an, gaz, e, tokens.len().min(e + 4)).is_some())
        {
            let span = span_of(tokens, s, e);
            let map = gaz.map();
            let before = out.cands.len();
            for &(_, h) in an.hits_from(s).iter().filter(|&&(_, h)| h.end == s + 1) {
                for p in map.postings(h.value).filter_map(Posting::decode).filter(|p| p.kind == Kind::City) {
                    if let Some(c) = gazetteer_candidate(gaz, p, span) {
                        out.cands.push(Candidate { rule: Rule::PlaceCityWord, ..c });
                    }
                }
            }
            if out.cands.len() > before {
                return Break(());
            }
        }
        Continue(())
    }

    /// "said Jim Press", "Ann Bank said": a common first name and a family
    /// name that heads organizations too, speaking, is a person.
    fn speaker(self, s: usize, e: usize) -> bool {
        let Doc { text, tokens, gaz, an, .. } = self;
        let n = tokens.len();
        e == s + 2
            && an.info[e - 1].has(SURNAME)
            && !an.info[s].has(COMMON | PLACE | ORG)
            && frequent_given(an, gaz, s)
            && (e < n && an.info[e].is(W_SPEECH) || inverted_speech_before(text, tokens, an, s, e))
    }

    fn organization_shape(self, w: &mut Work, institution: Option<usize>, out: &mut Sink) -> Flow {
        let Doc { text, tokens, gaz, an, .. } = self;
        let e = w.e;
        let s = w.s;
        // Organization shape of the whole chunk: "University of X", "X Council", "X Inc", "X & Y".
        let words = tokens[s..e].iter().filter(|t| t.is_word()).count();
        // ("Q&A", "R&D", "M&A": letters joined by "&" are a common
        // abbreviation; a company of that shape is listed, "AT&T".)
        let letters_amp = e == s + 3
            && tokens[s + 1].is_punct(text, '&')
            && glued(tokens, s + 1)
            && glued(tokens, s + 2)
            && [s, s + 2].iter().all(|&i| tokens[i].end() - tokens[i].start() == 1);
        let has_amp = !letters_amp && tokens[s..e].iter().any(|t| t.is_punct(text, '&'));
        let legal =
            if words >= 2 && !an.info[s].has(HONORIFIC) { legal_suffix_start(text, tokens, an, s, e) } else { None };
        let org_shape = words >= 2
            && !an.info[s].has(HONORIFIC)
            && (an.info[e - 1].is(W_ORG_HEAD) || legal.is_some() || has_amp || institution.is_some());
        if words >= 4 {
            self.company_then_person(w, out)?;
        }
        if org_shape && !self.speaker(s, e) && !has_entity_posting(an, s, e) {
            // A place before a listed institution's full name ("U.S.
            // Department of Housing and Urban Development") is a place of its
            // own: the lists have both, and no longer name is made of them.
            if let Some(k) = (s + 1..e).find(|&k| has_kind(an, k, e, ORGS)) {
                let connector = (k..e).any(|i| tokens[i].is(LOWER) && token_is(text, &tokens[i], &["of", "for"]));
                if connector && has_kind(an, s, k, PLACES) {
                    return Break(());
                }
            }
            // "Indiana Department of Transportation": a place before the head
            // of an institution is reported as the place, the rest as the
            // organization.
            let mut s = s;
            if let Some(j) =
                institution_head(text, tokens, an, s, e).filter(|&j| j > s && !an.info[e - 1].is(W_ORG_HEAD))
            {
                if has_kind(an, s, j, PLACES) {
                    s = j;
                }
            }
            let span = with_abbreviation_period(text, tokens, an, s, e);
            out.company(tokens, an, s, legal);
            if let Some(c) = legal.and_then(|l| listed_with_suffix(tokens, gaz, an, s, l, span)) {
                out.cands.push(c);
                return Break(());
            }
            // ("Institute of Public Administration": a head, "of" and its
            // field, whatever word the field ends in.)
            let rule = if legal.is_some() {
                Rule::OrgLegalSuffix
            } else if an.info[e - 1].is(W_ORG_HEAD) && institution_head(text, tokens, an, s, e).is_none() || has_amp {
                Rule::OrgHeadWord
            } else {
                Rule::OrgInstitution
            };
            out.cands.push(pattern(an, s, e, span, EntityType::Organization, name_of(text, tokens, s, e), 2, rule));
            return Break(());
        }
        Continue(())
    }

    /// Of a chunk of four words or more.
    fn company_then_person(self, w: &Work, out: &mut Sink) -> Flow {
        let Doc { text, tokens, an, .. } = self;
        let (s, e) = (w.s, w.e);
        // "the president of Corvan LLC Ruth Hale": a legal suffix ends the
        // company's name; a first name and capitalised words after it are a
        // person's.
        if let Some(k) = (s + 1..e - 2).find(|&k| {
            an.info[k].has(LEGAL)
                && tokens[k].is(UPPER)
                && tokens[k + 1].is(SPACE_BEFORE)
                && an.info[k + 1].has(GIVEN)
                && e - k <= 4
                && (k + 1..e).all(|i| tokens[i].is(CAP))
        }) {
            self.chunk(Chunk { start: s, end: k + 1 }, out);
            let span = span_of(tokens, k + 1, e);
            let person = pattern(
                an,
                k + 1,
                e,
                span,
                EntityType::Person,
                name_of(text, tokens, k + 1, e),
                2,
                Rule::PersonGivenName,
            );
            out.cands.push(person);
            return Break(());
        }
        Continue(())
    }

    /// Strip leading cues inside the chunk: honorifics, titles, demonyms,
    /// places/orgs followed by a title.
    fn strip_leading_cues(self, w: &mut Work, out: &mut Sink) -> Flow {
        loop {
            if w.s >= w.e {
                return Break(());
            }
            if !(self.strip_title(w) || self.strip_words_before_name(w, out)) {
                return Continue(());
            }
        }
    }

    /// One title, honorific or demonym off the front of the chunk: true if
    /// one was taken.
    fn strip_title(self, w: &mut Work) -> bool {
        let Doc { text, tokens, gaz, an, .. } = self;
        let (s, e) = (w.s, w.e);
        let inf = an.info[s];
        // The longest title first ("Chief Financial Officer", not "Chief").
        let title = longest_cue(tokens, an, gaz, s, e);
        if let Some(k) = title.filter(|&k| k > s + 1) {
            w.cue_person = true;
            w.s = k;
            return true;
        }
        // "Sri Lankan Buddhist": a nationality of several words opens the
        // chunk ("Sri" there is no title); what follows it is what it
        // describes.
        if inf.has(HONORIFIC | ROLE) {
            let nation = an.hits_from(s).iter().filter(|&&(_, h)| h.end > s + 1 && h.end < e).find(|&&(_, h)| {
                PhraseMap::kinds(h.value) & PhraseMap::kind_mask(&[Kind::Demonym, Kind::Country]) != 0
            });
            if let Some(&(_, h)) = nation {
                w.s = h.end;
                return true;
            }
        }
        if inf.has(HONORIFIC)
            || (inf.has(ROLE) && (!inf.has(GIVEN | SURNAME) || s + 1 < e) && is_cue_token(tokens, an, gaz, s))
        {
            w.cue_person = true;
            w.s += 1;
            if w.s < e && tokens[w.s].is_punct(text, '.') {
                w.s += 1;
            }
            return true;
        }
        // A multi-token title ("Prime Minister", "Foreign Minister")
        if let Some(k) = title {
            w.cue_person = true;
            w.s = k;
            return true;
        }
        // A plural or a suffix where a title would be ("Major Workers
        // Warned"): what follows is not announced as a person.
        if inf.has(ROLE) && !inf.has(GIVEN | SURNAME | NAME_TOKEN) {
            w.cue_person = false;
        }
        if inf.has(DEMONYM) && s + 1 < e && !an.info[s + 1].has(DEMONYM) {
            w.s += 1;
            return true;
        }
        false
    }

    /// Words before a name that are no part of it (a common word, a title
    /// across "of", a rank's grade, a place or organization and its title):
    /// true if some were taken off the front of the chunk.
    fn strip_words_before_name(self, w: &mut Work, out: &mut Sink) -> bool {
        let Doc { text, tokens, gaz, an, .. } = self;
        let (s, e) = (w.s, w.e);
        let inf = an.info[s];
        // A common word before a first name belongs to what comes before
        // ("Director of Finance Laura Denton", "Parks Jane Doe").
        if inf.has(COMMON)
            && !inf.has(GIVEN | SURNAME | NAME_TOKEN | PLACE | ORG)
            && s + 2 < e
            && tokens[s + 1].is_capitalized()
            && an.info[s + 1].has(GIVEN)
            && !an.info[s + 1].has(COMMON)
            && (an.info[s + 2].has(SURNAME | NAME_TOKEN) || !an.info[s + 2].has(COMMON))
            && !has_entity_posting(an, s, s + 2)
        {
            w.s += 1;
            // The word ended a title: "Secretary of Commerce Lena Holt".
            w.cue_person |= title_ending_at(tokens, an, gaz, w.s);
            return true;
        }
        // English words, then a first name and a family name ("Head
        // of Fleet Operations Carla Noyes", "Envoy to Counter Piracy Mark
        // Delaney"): the words before the first name are no one's name;
        // an organization's, when they end in its head word or are listed
        // ("Immigration Service Ana Ruiz").
        let no_name = |k: usize| {
            !an.info[k].has(GIVEN | NAME_TOKEN) && (!an.info[k].has(SURNAME) || !frequent_surname(an, gaz, k))
        };
        if inf.has(COMMON)
            && e >= s + 3
            && !is_initial(text, tokens, s)
            && (s..e - 2).all(|k| no_name(k) && !an.info[k].has(ROLE | HONORIFIC))
            && an.info[e - 2].has(GIVEN)
            && an.info[e - 1].has(SURNAME)
            && !an.info[e - 1].has(COMMON)
            && !has_entity_posting(an, e - 2, e)
        {
            let g = e - 2;
            if an.info[g - 1].is(W_ORG_HEAD) || multi_kind(an, s, g, PLACES_ORGS).is_some() {
                self.chunk(Chunk { start: s, end: g }, out);
            }
            w.s = g;
            return true;
        }
        // A title written across "of" ("Secretary of State Alan Varga",
        // "Under Secretary of Defense Ruiz"): the chunk opens inside it, and
        // the name starts where the title ends.
        if let Some(k) = title_across_of(text, tokens, an, gaz, s, e) {
            w.cue_person = true;
            w.s = k;
            return true;
        }
        // A rank's grade after the rank: "Petty Officer 1st Class Dan
        // Moss", "Airman First Class Li Wen". The grade is part of the
        // title; the name follows it.
        if let Some(k) = rank_grade(text, tokens, an, gaz, s, e, w.cue_person) {
            w.cue_person = true;
            w.s = k;
            return true;
        }
        self.strip_place_before_title(w, out)
    }

    /// A place or organization, then a title (and a name): true if the
    /// place was taken off the front of the chunk.
    fn strip_place_before_title(self, w: &mut Work, out: &mut Sink) -> bool {
        let Doc { text, tokens, gaz, an, .. } = self;
        let (s, e) = (w.s, w.e);
        // A title's portfolio place, then the name: "Minister for Europe
        // Helen Shaw". The place is a name of its own.
        // (The words before the chunk first: they are few, the chunks many.)
        if portfolio_before(text, tokens, an, gaz, s) {
            if let Some(k) = multi_kind(an, s, e, AREAS) {
                if k + 1 < e && (an.info[k].has(GIVEN) || !an.info[k].has(COMMON | PLACE)) {
                    self.chunk(Chunk { start: s, end: k }, out);
                    w.cue_person = true;
                    w.s = k;
                    return true;
                }
            }
        }
        // "NASA Administrator", "U.S. President": a place or org followed by a title.
        if let Some(k) = multi_kind(an, s, e, PLACES_ORGS) {
            // ... of more than one word ("US Energy Secretary").
            if k < e
                && (an.info[k].has(HONORIFIC)
                    || (an.info[k].has(ROLE) && is_cue_token(tokens, an, gaz, k))
                    || longest_cue(tokens, an, gaz, k, e).is_some())
            {
                w.s = k;
                return true;
            }
        }
        // A title inside the chunk, between what it is held at and a name
        // ("Marion County Sheriff Dale Hutchins", "Police Spokeswoman Ann
        // Li"): the words before it are a name of their own.
        if let Some((k, k2)) = inner_title(an, gaz, tokens, s, e) {
            self.chunk(Chunk { start: s, end: k }, out);
            w.cue_person = true;
            w.s = k2;
            return true;
        }
        false
    }

    /// The end of the name's words, its trailing punctuation trimmed;
    /// `Break` when no name is left.
    fn name_end(self, w: &Work) -> ControlFlow<(), usize> {
        let Doc { tokens, an, .. } = self;
        let Work { s, e, cue_person } = *w;
        // "President de Gaulle", "Judge van Dyke": after a title, a family
        // name may open with its particle.
        let particle_name = cue_person && s + 1 < e && an.info[s].is(W_PARTICLE) && tokens[s + 1].is_capitalized();
        if s >= e || !tokens[s].is_capitalized() && !particle_name {
            return Break(());
        }
        // Trim trailing punctuation (a final "." of an initialism is kept only
        // when it is part of a gazetteer key, handled by the gazetteer pass).
        let mut e2 = e;
        while e2 > s && !tokens[e2 - 1].is_word() {
            e2 -= 1;
        }
        let e = e2;
        if s >= e {
            return Break(());
        }
        Continue(e)
    }
}

/// A chunk's name words `[s, e)`, its cues and trailing punctuation
/// trimmed, and the facts the rules ask of them (some read only when a
/// rule first asks: many chunks are settled before).
struct NameWords<'a> {
    d: Doc<'a>,
    s: usize,
    e: usize,
    /// The chunk's first token, before any was trimmed.
    start: usize,
    /// A title or honorific announces a person.
    cue_person: bool,
    len_words: usize,
    span: Span,
    info0: TokInfo,
    followed_by_speech: bool,
    last: OnceCell<&'a str>,
    initial0: OnceCell<bool>,
    all_plain: OnceCell<bool>,
    any_place: OnceCell<bool>,
}

impl<'a> NameWords<'a> {
    fn new(d: Doc<'a>, s: usize, e: usize, start: usize, cue_person: bool) -> Self {
        let Doc { tokens, an, .. } = d;
        NameWords {
            d,
            s,
            e,
            start,
            cue_person,
            len_words: tokens[s..e].iter().filter(|t| t.is_word()).count(),
            span: span_of(tokens, s, e),
            info0: an.info[s],
            followed_by_speech: e < tokens.len() && an.info[e].is(W_SPEECH),
            last: OnceCell::new(),
            initial0: OnceCell::new(),
            all_plain: OnceCell::new(),
            any_place: OnceCell::new(),
        }
    }

    /// The last word (read when a rule first asks).
    fn last(&self) -> &str {
        self.last.get_or_init(|| self.d.tokens[self.e - 1].text(self.d.text))
    }

    /// The name as written (built only for a candidate: most chunks that
    /// get to the rules make none).
    fn name(&self) -> Arc<str> {
        name_of(self.d.text, self.d.tokens, self.s, self.e)
    }

    /// The first word is an initial.
    fn initial0(&self) -> bool {
        *self.initial0.get_or_init(|| is_initial(self.d.text, self.d.tokens, self.s))
    }

    /// No word is written in capitals but an initial.
    fn all_plain(&self) -> bool {
        let Doc { text, tokens, .. } = self.d;
        *self.all_plain.get_or_init(|| {
            tokens[self.s..self.e].iter().filter(|t| t.is_word()).all(|t| !t.is(UPPER) || t.text(text).len() == 1)
        })
    }

    /// An English word that is also a rare family name ("Forward",
    /// "Record") is a word here; a frequent one ("Cook", "Rose") a name.
    /// (Asked only by the person rules, of few chunks.)
    fn any_common(&self) -> bool {
        let Doc { text, tokens, gaz, an, .. } = self.d;
        (self.s..self.e).any(|i| {
            tokens[i].is_word()
                && an.info[i].has(COMMON)
                && !an.info[i].has(GIVEN | NAME_TOKEN)
                && !(an.info[i].has(SURNAME) && frequent_surname(an, gaz, i))
                && !is_initial(text, tokens, i)
                // A name's particle ("van", "de") is no English word there.
                && !(tokens[i].is(LOWER) && an.info[i].is(W_PARTICLE))
        })
    }

    /// A word names a place, an organization or a people. (A name's
    /// particle, "van", "de", is no place there.)
    fn any_place(&self) -> bool {
        let Doc { tokens, an, .. } = self.d;
        *self.any_place.get_or_init(|| {
            (self.s..self.e)
                .any(|i| an.info[i].has(PLACE | ORG | DEMONYM) && !(tokens[i].is(LOWER) && an.info[i].is(W_PARTICLE)))
        })
    }

    fn plain(&self) -> bool {
        self.all_plain() && !self.any_common() && !self.any_place()
    }

    /// A candidate of the name's words.
    fn candidate(&self, ty: EntityType, priority: u8, rule: Rule) -> Candidate {
        pattern(self.d.an, self.s, self.e, self.span, ty, self.name(), priority, rule)
    }

    /// The rules, in turn, for the name's words.
    fn classify(&self, out: &mut Sink) -> Flow {
        let place_only = self.title_before_place_only(out);
        self.leader_government(out)?;
        self.leader_regime(out)?;
        self.listed(place_only, out)?;
        self.airline_flight(out)?;
        self.unlisted_place(out)?;
        self.organization_by_head(out)?;
        self.road_or_site(out)?;
        self.group_word(out)?;
        self.feature_prefix(out)?;
        self.part_of_place(out)?;
        self.place_or_org_prefix(out)?;
        self.determiner_modifier(out)?;
        self.storm(out)?;
        self.event(out)?;
        self.appositive(out)?;
        self.company_product(out)?;
        self.company_branch(out)?;
        self.sports_team(out)?;
        self.experts_at(out)?;
        self.person(out)
    }
}

impl NameWords<'_> {
    fn roman_generation(&self, out: &mut Sink) -> Flow {
        let Doc { text, tokens, .. } = self.d;
        let NameWords { s, e, len_words, .. } = *self;
        // "Ray Kestle III": a generation in Roman numerals after a name is part
        // of the person's name (a numeral in capitals reads as an acronym).
        if len_words >= 3 && e == s + len_words && ROMAN_GENERATIONS.contains(&tokens[e - 1].text(text)) {
            let before = out.cands.len();
            self.d.chunk(Chunk { start: s, end: e - 1 }, out);
            let end = tokens[e - 2].end();
            for c in &mut out.cands[before..] {
                if c.ty == EntityType::Person && c.span.end == end {
                    c.span = Span::new(c.span.start, tokens[e - 1].end());
                    let k = tokens.partition_point(|t| t.start() < c.span.start);
                    c.set_name(name_of(text, tokens, k, e));
                    if c.short.is_none() {
                        c.short = before_generation(c.name()).map(Into::into);
                    }
                }
            }
            return Break(());
        }
        Continue(())
    }

    /// A title before a place's name alone: true when the place is all it
    /// names (see [`NameWords::listed`]).
    fn title_before_place_only(&self, out: &mut Sink) -> bool {
        let Doc { text, tokens, gaz, an, .. } = self.d;
        let NameWords { s, e, cue_person, len_words, .. } = *self;
        let n = tokens.len();
        // Whole chunk is a gazetteer entry: the gazetteer pass has it. A lone
        // word may still be the surname of a person named elsewhere ("Clinton"
        // after "Bill Clinton"): offer that reading for resolve to weigh.
        // A title before a place's name alone ("president of the Metropolitan
        // Chicago chapter") ends a longer name when the article writes the
        // word as a place elsewhere ("in Chicago"), or the word names a
        // country or a city of 200,000 people and few people
        // ("City host Liverpool"); "President Obama" is a person though
        // Obama is a town, "Senator Warren" though Warren is a city.
        // (A token written as a capitalised one is one: only those are read.)
        let written_after_locative = || {
            let same =
                |k: usize| k != s && an.locative_before(tokens, k) && tokens[k].text(text) == tokens[s].text(text);
            if tokens[s].is_capitalized() {
                an.capitalized().any(same)
            } else {
                (0..n).any(same)
            }
        };
        let place_only = len_words == 1
            && cue_person
            && !an.info[s].has(GIVEN | NAME_TOKEN)
            && has_kind(an, s, e, PLACES)
            && (!an.info[s].has(SURNAME) && written_after_locative()
                || !frequent_surname(an, gaz, s)
                    && has_posting(an, gaz, s, e, PLACES, |p| {
                        p.kind == Kind::Country && !p.alias || big_city(gaz, p, span_of(tokens, s, e))
                    }));
        if place_only && an.explain {
            out.lone.rejected.push(Rejection {
                span: span_of(tokens, s, e),
                ty: EntityType::Person,
                rule: Rule::PersonTitleBeforePlace,
            });
        }
        place_only
    }

    fn leader_government(&self, out: &mut Sink) -> Flow {
        let Doc { text, tokens, gaz, an, .. } = self.d;
        let NameWords { s, e, len_words, .. } = *self;
        let n = tokens.len();
        // "the Quincy administration", "the Brown government": before the
        // word for a leader's government, a family name, or a word no list
        // knows but a town's (not a country's, a region's, an
        // organization's or a big city's: "the Texas government"), is the
        // leader's ("the Maduro regime", a regime, names an organization).
        if len_words == 1
            && s > 0
            && e < n
            && tokens[e].is(LOWER)
            && an.info[e].is(W_LEADER_NOUN)
            && token_is(text, &tokens[s - 1], &["the"])
            // ("the Maduro regime" is the regime, an organization.)
            && !token_is(text, &tokens[e], &["regime", "dictatorship"])
            && !an.info[s].has(DEMONYM)
            && (an.info[s].has(SURNAME | NAME_TOKEN) && (!an.info[s].has(COMMON) || frequent_surname(an, gaz, s))
                || !an.info[s].has(COMMON | GIVEN))
            && !has_kind(an, s, e, AREAS | ORGS)
            && !has_posting(an, gaz, s, e, CITIES, |p| big_city(gaz, p, span_of(tokens, s, e)))
        {
            let c = pattern(
                an,
                s,
                e,
                span_of(tokens, s, e),
                EntityType::Person,
                name_of(text, tokens, s, e),
                VOUCHED,
                Rule::PersonLeaderPossessive,
            );
            out.cands.push(c);
            return Break(());
        }
        Continue(())
    }

    fn leader_regime(&self, out: &mut Sink) -> Flow {
        let Doc { text, tokens, an, .. } = self.d;
        let NameWords { s, e, len_words, .. } = *self;
        let n = tokens.len();
        // "the Varga regime", "the Benn junta": a one-word name before
        // the word for a regime is the regime's, an organization.
        if len_words == 1
            && s > 0
            && e < n
            && tokens[e].is(LOWER)
            && token_is(text, &tokens[e], &["regime", "dictatorship", "junta"])
            && token_is(text, &tokens[s - 1], &["the"])
            && !an.info[s].has(DEMONYM)
            && !has_kind(an, s, e, AREAS | ORGS)
        {
            let span = span_of(tokens, s, e + 1);
            let c = pattern(
                an,
                s,
                e + 1,
                span,
                EntityType::Organization,
                name_of(text, tokens, s, e + 1),
                VOUCHED,
                Rule::OrgLeaderRegime,
            );
            out.cands.push(c);
            return Break(());
        }
        Continue(())
    }

    /// The whole name is a gazetteer entry: the gazetteer pass has it (a
    /// lone word is offered as a surname too).
    fn listed(&self, place_only: bool, out: &mut Sink) -> Flow {
        let an = self.d.an;
        let NameWords { s, e, cue_person, len_words, .. } = *self;
        if has_entity_posting(an, s, e) && (!cue_person || place_only) {
            if len_words == 1 && !an.info[s].has(DEMONYM) {
                out.lone.words.push((s as u32, e as u32));
            }
            return Break(());
        }
        Continue(())
    }

    fn airline_flight(&self, out: &mut Sink) -> Flow {
        let Doc { text, tokens, an, .. } = self.d;
        let NameWords { s, e, cue_person, .. } = *self;
        let n = tokens.len();
        // "Kestrel Air Flight 12", "Lusair Flight 7": the words before
        // "Flight" and its number are the airline; a listed one is the lists'.
        if e < n
            && e >= s + 2
            && tokens[e - 1].bytes(text) == b"Flight"
            && tokens[e].is(crate::tokenize::DIGITS)
            && !cue_person
        {
            if !has_entity_posting(an, s, e - 1) {
                let span = span_of(tokens, s, e - 1);
                out.cands.push(pattern(
                    an,
                    s,
                    e - 1,
                    span,
                    EntityType::Organization,
                    name_of(text, tokens, s, e - 1),
                    2,
                    Rule::OrgAirlineFlight,
                ));
            }
            return Break(());
        }
        Continue(())
    }

    /// A place the lists do not have, said to be one by the words around it.
    fn unlisted_place(&self, out: &mut Sink) -> Flow {
        let Doc { text, tokens, gaz, an, .. } = self.d;
        let NameWords { s, e, cue_person, len_words, span, .. } = *self;
        // "the village of Marrowby", "Marrowby, a farming town near the
        // border": the noun says the name is a town, listed or not.
        if !cue_person && len_words <= 3 && !an.info[e - 1].is(W_ORG_HEAD) && settlement_named(text, tokens, an, s, e) {
            out.cands.push(self.candidate(EntityType::City, 2, Rule::PlaceSettlementNoun));
            return Break(());
        }
        self.division(out)?;
        // "KELDBY \u{2014} The council voted": a dateline the lists do not
        // know is still the town the story is filed from.
        if !cue_person && unlisted_dateline(text, tokens, an, s, e) {
            // Named as the town writes itself ("KELDBY" is Keldby).
            let name = title_cased(&name_of(text, tokens, s, e));
            out.cands.push(pattern(an, s, e, span, EntityType::City, name, 1, Rule::PlaceUnlistedDateline));
            return Break(());
        }
        // "in Keldby, Ohio", "KELDBY, Ohio (AP)": a name no list knows,
        // followed by a state or country, is a town the lists lack.
        if !cue_person && unknown_qualified(text, tokens, gaz, an, s, e) {
            let name = title_cased(&name_of(text, tokens, s, e));
            out.cands.push(pattern(an, s, e, span, EntityType::City, name, 1, Rule::PlaceQualifiedUnlisted));
            return Break(());
        }
        // "fighting in Marrowby ... Marrowby was quiet": a word no list
        // knows, written after "in", "near" or "outside", is a place.
        if !cue_person && e == s + 1 && unknown_place(text, tokens, an, s) {
            out.cands.push(self.candidate(EntityType::City, 1, Rule::PlaceLocativeUnknown));
            return Break(());
        }
        Continue(())
    }

    fn division(&self, out: &mut Sink) -> Flow {
        let Doc { text, tokens, gaz, an, .. } = self.d;
        let NameWords { s, e, cue_person, len_words, span, .. } = *self;
        // "Nagano Prefecture", "Helmand Province": a listed region's name and
        // the word for a division of a country are that region; not after an
        // English word ("School District", "Fire District") or in a county's
        // name (its bodies).
        if !cue_person
            && (2..=4).contains(&len_words)
            && an.info[e - 1].is(W_DIVISION)
            && tokens[e - 1].is(CAP)
            && (s..e - 1).all(|k| !an.info[k].is(W_ORG_HEAD) && !an.info[k].has(ROLE | HONORIFIC))
            && (!an.info[e - 2].has(COMMON) || an.info[e - 2].has(PLACE))
            && !(s..e - 1).any(|k| matches!(tokens[k].bytes(text), b"County" | b"Parish"))
        {
            let map = gaz.map();
            let before = out.cands.len();
            for &(_, h) in an.hits_from(s).iter().filter(|&&(_, h)| h.end == e - 1) {
                for p in map.postings(h.value).filter_map(Posting::decode).filter(|p| p.kind == Kind::Region) {
                    if let Some(c) = gazetteer_candidate(gaz, p, span) {
                        out.cands.push(Candidate { rule: Rule::PlaceDivisionWord, priority: 4, ..c });
                    }
                }
            }
            if out.cands.len() > before {
                return Break(());
            }
            // "Tarvan Province", "Orlu Governorate": a division the lists do not
            // have, of names no list knows, is still a place (not "District":
            // a school's or a council's).
            let unknown = (s..e - 1).all(|k| {
                !tokens[k].is_word() || an.hits_from(k).is_empty() && !an.info[k].has(COMMON | GIVEN | SURNAME)
            });
            if unknown && !lower_eq(self.last(), &["district", "region"]) {
                out.cands.push(self.candidate(EntityType::Location, 1, Rule::PlaceDivisionWord));
                return Break(());
            }
        }
        Continue(())
    }

    fn organization_by_head(&self, out: &mut Sink) -> Flow {
        let Doc { text, tokens, gaz, an, .. } = self.d;
        let NameWords { s, e, len_words, .. } = *self;
        // Organization by head word or legal suffix.
        let legal = legal_suffix_start(text, tokens, an, s, e);
        // ("Task Force" heads a name as one word does: "Combined Task Force";
        // "Force" alone is an air force's.)
        let task_force = e >= s + 3 && tokens[e - 1].bytes(text) == b"Force" && tokens[e - 2].bytes(text) == b"Task";
        let org_head = an.info[e - 1].is(W_ORG_HEAD)
            || task_force
            || legal.is_some()
            || an.info[s].is(W_OF_HEAD) && len_words >= 3;
        if org_head && len_words >= 2 && !self.d.speaker(s, e) {
            let span = with_abbreviation_period(text, tokens, an, s, e);
            out.company(tokens, an, s, legal);
            if let Some(c) = legal.and_then(|l| listed_with_suffix(tokens, gaz, an, s, l, span)) {
                out.cands.push(c);
                return Break(());
            }
            let rule = if legal.is_some() { Rule::OrgLegalSuffix } else { Rule::OrgHeadWord };
            out.cands.push(pattern(an, s, e, span, EntityType::Organization, self.name(), 2, rule));
            return Break(());
        }
        Continue(())
    }

    /// A first name and a frequent family name, with no word before them
    /// that says where: a person's shape (see [`NameWords::road_or_site`]).
    fn person_shaped(&self) -> bool {
        let Doc { text, tokens, gaz, an, .. } = self.d;
        let NameWords { s, e, len_words, .. } = *self;
        len_words == 2
            && an.info[s].has(GIVEN)
            && (!an.info[s].has(COMMON) || frequent_given(an, gaz, s))
            && frequent_surname(an, gaz, e - 1)
            && !locative_before(an, s)
            && !(s > 0 && token_is(text, &tokens[s - 1], &["on", "along", "off"]))
    }

    fn road_or_site(&self, out: &mut Sink) -> Flow {
        let Doc { text, tokens, an, .. } = self.d;
        let NameWords { s, e, cue_person, len_words, span, followed_by_speech, .. } = *self;
        let n = tokens.len();
        // A street, a road or a natural feature ("Maple Street", "Tanner
        // River") is a place on the map, though no town. A first name and a
        // frequent family name ("Karen Lake") is no location unless a locative
        // or "on", "along", "off" says where; nor is it reported as a person.
        // (See person_shaped.)
        // A road and its number ("Route 9", "County Road 12", "State Highway
        // 40") is a road; the number belongs to the name.
        if !cue_person
            && e < n
            && tokens[e].is(crate::tokenize::DIGITS)
            && tokens[e].is(SPACE_BEFORE)
            && lower_eq(self.last(), &["highway", "interstate", "road", "route"])
        {
            let span = Span::new(tokens[s].start(), tokens[e].end());
            let road = pattern(
                an,
                s,
                e + 1,
                span,
                EntityType::Location,
                name_of(text, tokens, s, e + 1),
                1,
                Rule::LocationRoadNumber,
            );
            out.cands.push(Candidate { priority: 1, ..road });
            return Break(());
        }
        // An abbreviated street word is written with its period ("Birch St.").
        let head = an.info[e - 1].is(W_LOCATION_HEAD)
            && (!lower_eq(self.last(), &["st", "ave", "rd", "blvd"])
                || !tokens[e - 1].is(UPPER) && e < n && tokens[e].is_punct(text, '.'));
        if head && len_words >= 2 && !cue_person && !self.person_shaped() {
            let span = with_street_period(text, tokens, s, e);
            let location = pattern(an, s, e, span, EntityType::Location, self.name(), 1, Rule::LocationHead);
            out.cands.push(Candidate { priority: 1, ..location });
            return Break(());
        }
        // A building or structure ("Kestrel Arena", "Union Station") is the
        // site itself; a person may carry such a word as a family name ("Sally
        // Field").
        if an.info[e - 1].is(W_FACILITY) && len_words >= 2 && !cue_person && !self.person_shaped() {
            out.cands.push(self.candidate(EntityType::Location, 1, Rule::LocationFacility));
            return Break(());
        }
        if an.info[e - 1].is(W_FACILITY | W_LOCATION_HEAD) && len_words >= 2 && !cue_person && !followed_by_speech {
            let misc = pattern(an, s, e, span, EntityType::Custom(MISC.into()), self.name(), 1, Rule::MiscFacility);
            out.cands.push(Candidate { priority: 1, ..misc });
            return Break(());
        }
        Continue(())
    }

    fn group_word(&self, out: &mut Sink) -> Flow {
        let an = self.d.an;
        let NameWords { s, e, cue_person, span, .. } = *self;
        // A community's name proposes no one; a name inside it stands
        // ("Shiite Amal").
        if (s..e).any(|i| an.info[i].is(W_GROUP)) && !cue_person {
            if an.explain {
                out.lone.rejected.push(Rejection { span, ty: EntityType::Person, rule: Rule::PersonGroupWord });
            }
            return Break(());
        }
        Continue(())
    }

    fn feature_prefix(&self, out: &mut Sink) -> Flow {
        let Doc { text, tokens, an, .. } = self.d;
        let NameWords { s, cue_person, len_words, followed_by_speech, .. } = *self;
        if an.info[s].is(W_FEATURE_PREFIX) && len_words >= 2 && !cue_person && !followed_by_speech {
            // "Lake Wanaka", "Mount Kenya", "Cape Horn" are on the map; a
            // military post ("Camp Bastion") is not reported; one who speaks is
            // a person ("River Abbot said").
            if !token_is(text, &tokens[s], &["camp"]) {
                let location = self.candidate(EntityType::Location, 1, Rule::LocationPrefix);
                out.cands.push(Candidate { priority: 1, ..location });
                return Break(());
            }
            let misc = self.candidate(EntityType::Custom(MISC.into()), 1, Rule::MiscFeaturePrefix);
            out.cands.push(Candidate { priority: 1, ..misc });
            return Break(());
        }
        Continue(())
    }

    /// A part of a place, or places side by side: the places are named.
    fn part_of_place(&self, out: &mut Sink) -> Flow {
        let Doc { text, tokens, gaz, an, ctx } = self.d;
        let NameWords { s, e, cue_person, len_words, span, info0, followed_by_speech, .. } = *self;
        // Points of the compass before a place ("Northeast Ohio", "southern
        // Idaho") say which part of it is meant: the place is the
        // gazetteer's, and the words before it no name of their own (unless
        // the whole is a town's name; in a sports report, "East X" may be a
        // club).
        let compass = (s..e).find(|&i| !an.is_compass(i)).unwrap_or(e);
        if compass > s
            && compass < e
            && !cue_person
            && !ctx.sports
            && has_kind(an, compass, e, PLACES)
            && !has_kind(an, s, e, TOWNS)
        {
            return Break(());
        }
        // Cities joined by hyphens ("Dallas-Fort Worth", "Minneapolis-St.
        // Paul") are each a place: a metro area named by its cities; so are
        // neighbouring towns (a school district named by its two towns).
        if len_words >= 2 && !cue_person && hyphenated_places(text, tokens, an, gaz, s, e) {
            return Break(());
        }
        // "Paris Orly", "Lagos Ikeja": a city's name, then a place near it
        // (an airport, a district): the two places are named, not a person
        // or a product.
        if len_words == 2 && !cue_person && !followed_by_speech && place_in_city(text, tokens, an, gaz, s, e) {
            if an.explain {
                let ty = if info0.has(GIVEN) { EntityType::Person } else { EntityType::Custom(MISC.into()) };
                out.lone.rejected.push(Rejection { span, ty, rule: Rule::PlacePlaceInCity });
            }
            return Break(());
        }
        Continue(())
    }

    fn place_or_org_prefix(&self, out: &mut Sink) -> Flow {
        let Doc { text, tokens, gaz, an, ctx } = self.d;
        let NameWords { s, e, cue_person, len_words, info0, .. } = *self;
        // A place or organization starting a longer name ("U.S. Open", "Hong
        // Kong Open", "South Korean"): a name of something else. A company
        // named like a first name ("Ford") counts only before a common word
        // that is no one's name ("Ford Focus", not "Ford Smith").
        if len_words >= 2 && !cue_person {
            let is_company = |p: &Posting| is_company(gaz, p);
            // (After "to", "in" or "from" a first name that is a place's, "Kenya",
            // is the place.)
            let after_preposition = s > 0 && tokens[s - 1].is(LOWER) && an.info[s - 1].is(W_PLACE_PREPOSITION);
            let prefix = if !info0.has(GIVEN) || after_preposition && has_kind(an, s, s + 1, PLACES) {
                multi_kind(an, s, e, PLACES_ORGS)
            } else {
                multi_hit(an, s, e, ORGS, is_company, gaz)
            };
            // A particle after it makes the whole a person's name ("Leonardo
            // da Vinci"), though its first word be a company's.
            let particle = (s + 1..e).any(|i| tokens[i].is(LOWER) && an.info[i].is(W_PARTICLE));
            // "the Chad Red Cross said": a country's name that is a first
            // name too, before an organization's name of two words or more,
            // is the country and its organization, no person ("Georgia
            // Ford" is one).
            let own_org = |p: &Posting| {
                p.kind == Kind::Organization && gaz.table(p.kind).field(p.offset, Col::Kind) != Some("sports")
            };
            if len_words >= 3
                && info0.has(GIVEN)
                && e == s + len_words
                && country_named(an, gaz, s)
                && has_posting(an, gaz, s + 1, e, ORGS, own_org)
            {
                return Break(());
            }
            if let Some(k) = prefix.filter(|_| !particle) {
                // "Nissan Europe", "BBC Wales": an organization, then the
                // country or region it serves, is its arm there.
                let is_org = |p: &Posting| p.kind == Kind::Organization;
                if k < e && has_kind(an, s, k, ORGS) && serves_market(an, gaz, s, k, e) {
                    out.cands.push(self.candidate(EntityType::Organization, 2, Rule::OrgPlaceArm));
                    return Break(());
                }
                // "UK NHS", "US NATO envoy": a place before an organization of
                // its own is that country's organization; the two stay names.
                // A league after a city names its race ("Barcelona MotoGP").
                let own_org = |p: &Posting| is_org(p) && gaz.table(p.kind).field(p.offset, Col::Kind) != Some("sports");
                if k < e && !info0.has(GIVEN) && has_posting(an, gaz, k, e, ORGS, own_org) {
                    return Break(());
                }
                // A county's jail, courthouse or fair ("Cullman County Jail",
                // "Lamar County Fairgrounds") is the county's: the county is
                // named, and no event or product.
                if k > s + 1 && matches!(tokens[k - 1].bytes(text), b"County" | b"Parish") && !ctx.sports {
                    return Break(());
                }
                // "the envoy in Peru Sam Wexley": a place, then a full name
                // opening with a first name: the place and the person.
                if k < e && has_kind(an, s, k, PLACES) && place_then_full_name(tokens, an, s, k, e) {
                    self.d.chunk(Chunk { start: k, end: e }, out);
                    return Break(());
                }
                let product = !info0.has(GIVEN)
                    || k < e && an.info[k].has(COMMON) && !an.info[k].has(GIVEN | SURNAME | NAME_TOKEN);
                if k < e && !an.info[k].has(GIVEN) && product {
                    let last = self.last();
                    let plural = last.len() > 3 && last.ends_with('s') && !last.ends_with("ss");
                    if ctx.sports && plural {
                        out.cands.push(self.candidate(EntityType::Organization, 2, Rule::TeamSportsReport));
                    } else {
                        out.cands.push(Candidate {
                            priority: 1,
                            ..self.candidate(EntityType::Custom(MISC.into()), 1, Rule::MiscPlacePrefix)
                        });
                    }
                    return Break(());
                }
            }
        }
        Continue(())
    }

    fn determiner_modifier(&self, out: &mut Sink) -> Flow {
        let Doc { text, tokens, gaz, an, .. } = self.d;
        let NameWords { s, e, cue_person, len_words, info0, .. } = *self;
        let n = tokens.len();
        // "a Glen Ridge man", "his Cedar Falls home": a name between an
        // article or possessive and a noun describes the noun (a town, a
        // thing). A famous person may ("a Denzel Washington film"): a common first
        // name keeps the person, unless the noun is one for a place's people
        // or homes ("a Holly Ridge man").
        // (The determiner is read after the tests of token bits.)
        let determiner_before = || {
            s > 0
                && tokens[s - 1].is_word()
                && token_is(text, &tokens[s - 1], &["a", "an", "the", "his", "her", "their", "its", "our", "my"])
        };
        if len_words >= 2
            && !cue_person
            && e < n
            && tokens[e].is(LOWER)
            && tokens[e].is_word()
            && determiner_before()
            // the noun, not a function word ("the Red Cross in 1993")
            && !lower_eq(
                tokens[e].text(text),
                &["in", "of", "on", "at", "for", "to", "and", "or", "with", "from", "by", "as", "is", "was", "has", "had", "said", "says", "who", "which", "that"],
            )
            && !an.info[s].is(W_DATE)
            && (an.info[e].is(W_LOCAL_NOUN)
                || !(plain_given(an, gaz, s) || info0.has(GIVEN) && frequent_surname(an, gaz, e - 1)))
            // A name opening with a place is read by the rules below ("the
            // Bristol Singers": Bristol stands).
            && multi_kind(an, s, e, PLACES_ORGS).is_none()
        {
            let misc = self.candidate(EntityType::Custom(MISC.into()), 1, Rule::MiscDeterminerModifier);
            out.cands.push(Candidate { priority: 1, ..misc });
            return Break(());
        }
        Continue(())
    }

    fn storm(&self, out: &mut Sink) -> Flow {
        let Doc { tokens, gaz, an, .. } = self.d;
        let NameWords { s, e, cue_person, info0, .. } = *self;
        // "Hurricane Beryl", "Tropical Storm Alberto": a storm word before
        // a name names a storm, no place or person ("Storm Reid", a first
        // name and a frequent family name, is a person).
        let storm =
            (s..e.saturating_sub(1)).find(|&k| an.info[k].is(W_STORM) && k + 1 < e && tokens[k + 1].is_capitalized());
        if let Some(k) = storm {
            let person = info0.has(GIVEN) && k == s && frequent_surname(an, gaz, e - 1);
            if !person && !cue_person && k <= s + 1 {
                let misc = self.candidate(EntityType::Custom(MISC.into()), 2, Rule::MiscStormName);
                out.cands.push(misc);
                return Break(());
            }
        }
        Continue(())
    }

    fn event(&self, out: &mut Sink) -> Flow {
        let an = self.d.an;
        let NameWords { e, cue_person, len_words, span, info0, .. } = *self;
        // An event's name ("Anzac Day", "Cannes Festival") proposes no one; a
        // place inside it stands. "Doris Day": a first name outranks the event word.
        if an.info[e - 1].is(W_EVENT) && len_words >= 2 && !cue_person && !info0.has(GIVEN) {
            if an.explain {
                out.lone.rejected.push(Rejection { span, ty: EntityType::Person, rule: Rule::PersonEvent });
            }
            return Break(());
        }
        Continue(())
    }

    fn appositive(&self, out: &mut Sink) -> Flow {
        let Doc { text, tokens, an, .. } = self.d;
        let NameWords { s, e, start, cue_person, len_words, .. } = *self;
        // "Horizon, an association of planners": the appositive says what the
        // name is, before any reading of its words.
        // (A lone common word left after the sentence's first word was taken
        // off is no name: "Horizon Partners, a firm" is read as "Partners".)
        let cut_word = s > start && len_words == 1 && an.info[s].has(COMMON);
        // Nor the tail of a longer name ("Ohio Partners for Affordable Energy").
        let tail =
            s >= 2 && tokens[s - 2].is_capitalized() && token_is(text, &tokens[s - 1], &["of", "for", "and", "&"]);
        if !cue_person && !cut_word && !tail && org_appositive(text, tokens, an, e) && !has_entity_posting(an, s, e) {
            out.cands.push(self.candidate(EntityType::Organization, 2, Rule::OrgAppositive));
            return Break(());
        }
        Continue(())
    }

    fn company_product(&self, out: &mut Sink) -> Flow {
        let Doc { tokens, gaz, an, .. } = self.d;
        let NameWords { s, e, cue_person, len_words, followed_by_speech, .. } = *self;
        // "Ford Taurus", "Lockheed Tristar": a listed company's name before a
        // coined word that is no first name, family name or English word
        // names its product, not a person (though the word be a place too:
        // "Ford Taurus").
        let product = (2..=3).contains(&len_words)
            && !cue_person
            && !followed_by_speech
            && tokens[s + 1].is(SPACE_BEFORE)
            && (s + 1..e).all(|i| {
                !tokens[i].is_word() || !an.info[i].has(SURNAME | NAME_TOKEN | COMMON) && !frequent_given(an, gaz, i)
            })
            && has_posting(an, gaz, s, s + 1, ORGS, |p| is_company(gaz, p))
            && !frequent_given(an, gaz, s)
            && !has_entity_posting(an, s, e);
        if product {
            out.cands.push(self.candidate(EntityType::Custom(MISC.into()), 1, Rule::MiscCompanyProduct));
            return Break(());
        }
        Continue(())
    }

    fn company_branch(&self, out: &mut Sink) -> Flow {
        let Doc { tokens, gaz, an, .. } = self.d;
        let NameWords { s, e, cue_person, len_words, span, followed_by_speech, .. } = *self;
        // "the Dunmore Walmart store": a town's branch of a listed company; the
        // town and the company stand on their own, and no one is named ("Kathy
        // Cosco" is: a common first name, no place's, makes the rest a family
        // name).
        let branch = (2..=3).contains(&len_words)
            && !cue_person
            && !followed_by_speech
            && tokens[e - 1].is(SPACE_BEFORE)
            && !an.info[e - 1].has(GIVEN | SURNAME | NAME_TOKEN | COMMON)
            && has_posting(an, gaz, e - 1, e, ORGS, |p| is_company(gaz, p))
            && (an.info[s].has(PLACE) || !frequent_given(an, gaz, s));
        if branch {
            if an.explain {
                out.lone.rejected.push(Rejection { span, ty: EntityType::Person, rule: Rule::PersonCompanyWord });
            }
            return Break(());
        }
        Continue(())
    }

    fn sports_team(&self, out: &mut Sink) -> Flow {
        let ctx = self.d.ctx;
        let NameWords { cue_person, len_words, info0, followed_by_speech, .. } = *self;
        // "the Lakeview Kings ... The Kings, who led": in sports copy, a name
        // ending in a plural that the article writes after "the" is a team; a
        // person is not "the Kings". A first name makes it a person's ("Travis
        // Hentges ... the Hentges win"), an English word a cheer ("Go
        // Panthers!"), unless a place's too.
        if ctx.sports
            && (2..=3).contains(&len_words)
            && !cue_person
            && (!info0.has(GIVEN | COMMON) || info0.has(PLACE))
            && !followed_by_speech
            && is_plural_name(self.last())
            && ctx.after_the.binary_search_by(|w| (**w).cmp(self.last())).is_ok()
        {
            out.cands.push(self.candidate(EntityType::Organization, 2, Rule::TeamSportsReport));
            return Break(());
        }
        Continue(())
    }
}

/// The person rules, last.
impl NameWords<'_> {
    /// "analysts at Wedbush said", "an economist at Harlow Partners": the
    /// name after an occupation and "at" is where the analysts work, an
    /// organization, no person (a place's name is read as before).
    fn experts_at(&self, out: &mut Sink) -> Flow {
        let Doc { text, tokens, an, .. } = self.d;
        let NameWords { s, e, cue_person, len_words, .. } = *self;
        if s >= 2
            && !cue_person
            && len_words <= 4
            && tokens[s - 1].bytes(text) == b"at"
            && an.info[s - 2].is(W_EXPERT)
            && !self.any_place()
            && !has_kind(an, s, e, PLACES | TOWNS)
            // (A name in camel case has its own rule: org.camel-case.)
            && !(len_words == 1 && camel_case(tokens[s].text(text)))
        {
            out.cands.push(self.candidate(EntityType::Organization, 2, Rule::OrgExpertsAt));
            return Break(());
        }
        Continue(())
    }

    fn person(&self, out: &mut Sink) -> Flow {
        let Doc { text, tokens, ctx, .. } = self.d;
        let NameWords { s, e, cue_person, len_words, .. } = *self;
        let score_after =
            ctx.sports && is_small_number(text, tokens, e) && !cue_person && results_position(text, tokens, s);
        let person_rule =
            if len_words >= 2 { self.person_rule_of_words(score_after, out)? } else { self.person_rule_of_word(out)? };
        let person_rule = self.person_rule_checked(person_rule, out);
        self.place_before_place_noun(person_rule, out)?;
        self.push_person(person_rule, score_after, out);
        Continue(())
    }

    /// The rule that makes a name of two words or more a person's, if any;
    /// `Break` when the words were found to name something else.
    fn person_rule_of_words(&self, score_after: bool, out: &mut Sink) -> ControlFlow<(), Option<Rule>> {
        let Doc { tokens, gaz, an, .. } = self.d;
        let NameWords { s, e, cue_person, len_words, info0, followed_by_speech, .. } = *self;
        // The sentence's opening capital may be all that makes a common first
        // word a name ("Faith Healing services").
        let weak_start = tokens[s].is(SENT_START) && info0.has(COMMON);
        // "promoter Live Nation said": English words that are no one's
        // names are no person's, title or not.
        let no_name_word = (s..e)
            .filter(|&i| tokens[i].is_word())
            .all(|i| an.info[i].has(COMMON) && !an.info[i].has(GIVEN | NAME_TOKEN) && !frequent_surname(an, gaz, i));
        Continue(if cue_person && !no_name_word {
            Some(Rule::PersonTitleCue)
        } else if cue_person {
            None
        } else if info0.has(GIVEN | NAME_TOKEN)
            && self.all_plain()
            // "Kovalenko Crimea peace plan": a family name, then a place
            // that is not a family name too.
            && (info0.has(GIVEN) || !an.info[e - 1].has(PLACE) || an.info[e - 1].has(SURNAME | NAME_TOKEN))
            // A last word that is also a common word ("Cook", "Jobs") is a
            // name after a first name, unless the sentence's opening capital
            // may be all that makes the first word a name.
            && (!an.info[e - 1].has(COMMON)
                || (!weak_start && len_words <= 3)
                || followed_by_speech)
        {
            if !followed_by_speech && !family_name_words(an, gaz, tokens, s, e) {
                // "the Friday Prayers", "June Bank Holiday": a weekday or a
                // month before English words is the date they are on.
                if info0.is(W_DATE) {
                    return Break(());
                }
                // "Austin Motor Show", "Phoenix Program": the name of a thing,
                // which its first word's place or word reading must not take.
                let misc = self.candidate(EntityType::Custom(MISC.into()), 1, Rule::MiscEnglishWordsAfterName);
                out.cands.push(Candidate { priority: 1, ..misc });
                return Break(());
            }
            Some(Rule::PersonGivenName)
        } else if self.initial0()
            && self.all_plain()
            // "a post on X. The case": an English word that is no one's
            // name after a capital's period opens the next sentence.
            && (!an.info[e - 1].has(COMMON) || an.info[e - 1].has(GIVEN | SURNAME | NAME_TOKEN))
        {
            Some(Rule::PersonInitial)
        } else if an.info[e - 1].has(SURNAME | NAME_TOKEN) && self.plain() {
            Some(Rule::PersonSurname)
        } else if followed_by_speech && !no_name_word && (!self.any_place() || info0.has(GIVEN) && self.all_plain()) {
            // ("The School District said": English words no one is named.)
            Some(Rule::PersonSpeechVerb)
        } else if len_words <= 3 && self.plain() && !score_after {
            Some(Rule::PersonPlainName)
        } else if len_words == 2
            && e == s + 2
            && self.all_plain()
            && info0.bits == 0
            && info0.words == 0
            && (an.info[s + 1].has(SURNAME)
                || city_only(an, s + 1)
                || !an.info[s + 1].has(PLACE | COMMON | DEMONYM)
                    && has_posting(an, gaz, s + 1, s + 2, ORGS, |p| is_company(gaz, p)))
            && !country_named(an, gaz, s + 1)
            && !score_after
        {
            // An unknown first name before a family name that is also a
            // place ("MaliVai Washington", "Ikechukwu Lincoln"), or before a
            // town's name alone: places are not named "Temitope Akure"; or
            // before a company's name alone: a family firm is named after
            // its founder, who is named in full ("Olufemi Adeyemo" of
            // "Adeyemo").
            Some(Rule::PersonUnknownFirstName)
        } else {
            None
        })
    }

    /// The rule that makes a one-word name a person's, if any; `Break`
    /// when the word was found to name something else.
    fn person_rule_of_word(&self, out: &mut Sink) -> ControlFlow<(), Option<Rule>> {
        let Doc { text, tokens, gaz, an, ctx } = self.d;
        let NameWords { s, e, cue_person, followed_by_speech, .. } = *self;
        let n = tokens.len();
        Continue(
            if cue_person
            && !an.info[s].has(DEMONYM)
            && (!country_named(an, gaz, s) || honorific_before(text, tokens, an, s))
            // "Metropolitan Affairs", "PC World": a common word that is no
            // one's name, or a rare family name's only, is not announced by a
            // title.
            && (!an.info[s].has(COMMON) || an.info[s].has(GIVEN | NAME_TOKEN) || frequent_surname(an, gaz, s))
            // "The Heat host Orlando on Monday": in sports copy, a city after a
            // lowercase title that is a verb too is the city's team, unless it
            // speaks ("coach Houston said").
            && !(ctx.sports
                && s > 0
                && tokens[s - 1].is(LOWER)
                && !followed_by_speech
                && has_kind(an, s, s + 1, CITIES))
            {
                Some(Rule::PersonTitleCue)
            } else if followed_by_speech
            && !an.info[s].has(PLACE | ORG | LEGAL)
            // ("Cook said": an English word that is a frequent family name
            // speaks as a person; "Management said" does not.)
            && (!an.info[s].has(COMMON)
                || frequent_surname(an, gaz, s)
                    && !an.info[s].is(W_ORG_HEAD | W_LOCAL_BODY)
                    && !(s > 0 && lower_eq(tokens[s - 1].text(text), &["the", "a", "an", "its", "their"])))
            && self.all_plain()
            {
                Some(Rule::PersonSpeechVerb)
            } else if !an.info[s].has(PLACE | ORG | GIVEN | SURNAME)
                && camel_case(tokens[s].text(text))
                && org_position(text, tokens, an, s, e)
            {
                out.cands.push(self.candidate(EntityType::Organization, 2, Rule::OrgCamelCase));
                return Break(());
            } else if self.all_plain()
            && lone_name_word(an, s)
            && inverted_speech_before(text, tokens, an, s, e)
            // "said Lt. Wes Altom": a title, abbreviated, before the name.
            && longest_cue(tokens, an, gaz, s, (e + 1).min(n)).is_none()
            {
                Some(Rule::PersonInvertedSpeech)
            } else if self.all_plain() && lone_name_word(an, s) && title_apposition(text, tokens, an, e) {
                Some(Rule::PersonTitleApposition)
            } else if self.all_plain()
            && lone_name_word(an, s)
            && age_beside(text, tokens, s, e)
            // "a 27-year-old Ainsworth woman": the age is the woman's, the
            // name her town's.
            && !an.is_local_noun(e)
            {
                Some(Rule::PersonAge)
            } else if self.all_plain()
                && lone_name_word(an, s)
                && !an.info[s].has(COMMON)
                && e + 2 < n
                && matches!(tokens[e].text(text), "'" | "\u{2019}")
                && tokens[e + 1].bytes(text) == b"s"
                && tokens[e + 2].is(LOWER)
                && an.info[e + 2].is(W_LEADER_NOUN)
            {
                // "attacks by Maduro's regime": a family name that holds a regime,
                // a government or a cabinet is a person's.
                Some(Rule::PersonLeaderPossessive)
            } else {
                None
            },
        )
    }

    /// The person rule, unless the words are a pronoun, initials alone or
    /// a place after a preposition of place.
    fn person_rule_checked(&self, person_rule: Option<Rule>, out: &mut Sink) -> Option<Rule> {
        let Doc { text, tokens, an, .. } = self.d;
        let NameWords { s, e, cue_person, len_words, span, info0, .. } = *self;
        let n = tokens.len();
        // The pronoun is no family name ("Like I said"); after a title it is
        // a regnal number ("Queen Elizabeth I"), as after a given name
        // ("Pedro I").
        let person_rule = person_rule
            .filter(|_| self.last() != "I" || cue_person || len_words == 2 && info0.has(GIVEN) && !info0.has(COMMON));
        // Initials alone ("500 B.C.", "the U.N.") name no one.
        let person_rule =
            person_rule.filter(|_| (s..e).any(|i| tokens[i].is_word() && tokens[i].end() - tokens[i].start() > 1));
        // "in Glen Carbon", "near West Newton": after a preposition of place,
        // capitalised words that nothing announces as a person are a place.
        person_rule.filter(|&r| {
            let possessive =
                e + 1 < n && matches!(tokens[e].text(text), "'" | "\u{2019}") && tokens[e + 1].bytes(text) == b"s";
            // ("flights out of Austin Bergstrom": "out of" is one.)
            let out_of = s >= 2 && tokens[s - 1].bytes(text) == b"of" && token_is(text, &tokens[s - 2], &["out"]);
            let place_context = s > 0
                && (an.info[s - 1].is(W_PLACE_PREPOSITION) || out_of)
                && (!tokens[s - 1].is(CAP) || tokens[s - 1].is(SENT_START))
                && !possessive;
            let keep = r == Rule::PersonTitleCue || !place_context;
            if !keep && an.explain {
                out.lone.rejected.push(Rejection {
                    span,
                    ty: EntityType::Person,
                    rule: Rule::PersonNotAfterPlacePreposition,
                });
            }
            keep
        })
    }

    fn place_before_place_noun(&self, person_rule: Option<Rule>, out: &mut Sink) -> Flow {
        let Doc { text, tokens, an, .. } = self.d;
        let NameWords { s, e, len_words, .. } = *self;
        let n = tokens.len();
        // "the Kessler neighborhood", "the Tarrow mountains": a name before a
        // lowercase noun of a place is that place's, unless a title announces
        // a person.
        if person_rule.is_some_and(|r| r != Rule::PersonTitleCue)
            && e < n
            && tokens[e].is(LOWER)
            && an.info[e].is(W_PLACE_NOUN)
            && len_words <= 5
        {
            // "the Kenya-Uganda border": places joined by a hyphen are each
            // a place, as the lists have them.
            let joined_places = (s..e).any(|i| tokens[i].is_punct(text, '-'))
                && (s..e).filter(|&i| tokens[i].is_word()).all(|i| an.info[i].has(PLACE));
            if !joined_places {
                out.cands.push(self.candidate(EntityType::Location, 2, Rule::PlaceBeforePlaceNoun));
            }
            return Break(());
        }
        Continue(())
    }

    fn push_person(&self, person_rule: Option<Rule>, score_after: bool, out: &mut Sink) {
        let Doc { text, tokens, an, .. } = self.d;
        let NameWords { s, e, cue_person, len_words, info0, .. } = *self;
        if let Some(rule) = person_rule.filter(|_| len_words <= 5) {
            let mut c = self.candidate(EntityType::Person, 2, rule);
            if cue_person {
                // "President Clinton", "Mr. Dole": the cue outweighs a gazetteer
                // entry of the same words (Clinton, Iowa).
                c.priority = VOUCHED;
            }
            if rule == Rule::PersonSpeechVerb && len_words == 1 && info0.has(COMMON) {
                // "Miller argued": as a family name after the full name would
                // be (a town of the name the article does not vouch for).
                c.priority = VOUCHED;
            }
            if let Some(rest) = article_prefixed(last_word(c.name())) {
                // "Nadia al-Karimi", "Haider al-Karimi": a later "Karimi" is
                // this person, whatever the first name.
                c.short = Some(rest.into());
            } else if len_words >= 2 && !info0.has(GIVEN) && info0.has(SURNAME | NAME_TOKEN) && !self.initial0() {
                // Family name first ("Zhao Minghui"): a later "Zhao" is this person.
                c.short = Some(tokens[s].text(text).into());
            } else if let Some(family) = before_generation(c.name()) {
                // "Dale Orton Jr.", "Ray Kestle III": a later "Orton" or "Kestle"
                // is this person; the generation is no family name.
                c.short = Some(family.into());
            }
            out.cands.push(c);
        } else if score_after && !info0.has(GIVEN) {
            // "Derbyshire 296", "Lakeside Rovers 2 Hill Athletic 1": a team in a results line.
            out.cands.push(self.candidate(EntityType::Organization, 2, Rule::TeamResultsLine));
        } else if len_words == 1 && !an.info[s].has(DEMONYM | ROLE | HONORIFIC) && !an.info[s].is(W_DATE) {
            // A lone capitalised word: a person only if it is the surname of a
            // person named in full elsewhere in the article (resolve decides).
            out.lone.words.push((s as u32, e as u32));
        }
    }
}
