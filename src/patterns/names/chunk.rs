//! The capitalised chunks of the text ([`chunks`]): runs of capitalised
//! tokens with the connectors names contain. A run grows one token (or a
//! few) at a time; each rule of [`Chunker::grow`] says whether the token at
//! its end joins it, ends it, or is for the next rule to read.

use super::*;

/// Find the capitalised chunks of the text.
pub fn chunks(text: &str, tokens: &[Token], an: &Analysis) -> Vec<Chunk> {
    let c = Chunker { text, tokens, an, n: tokens.len() };
    // At most one chunk per capitalised token.
    let mut out = Vec::with_capacity(an.capitalized.len());
    // Chunks start at capitalised tokens (most tokens are not: they are
    // not even looked at), past the end of the last chunk.
    let mut next = 0;
    for i in an.capitalized() {
        if i < next || !c.cap(i) {
            continue;
        }
        let mut run = Run { start: i, end: i + 1, institution: false };
        while c.grow(&mut run) {}
        let Run { start, end, .. } = run;
        if let Some(g) = c.person_after_institution(&run) {
            out.push(Chunk { start, end: g });
            out.push(Chunk { start: g, end });
        } else {
            out.push(Chunk { start, end });
        }
        next = end;
    }
    out
}

/// The text read for chunks.
struct Chunker<'a> {
    text: &'a str,
    tokens: &'a [Token],
    an: &'a Analysis,
    n: usize,
}

/// A chunk being read: tokens `[start, end)`, and whether an
/// institution's head and its connector are in it ("Alliance of").
struct Run {
    start: usize,
    end: usize,
    institution: bool,
}

/// What a rule says of the token at a run's end: `Some(true)` when the
/// run grew over it and goes on, `Some(false)` when the run ends (before
/// it or after it), `None` when the rule has nothing to say.
type Step = Option<bool>;

impl Chunker<'_> {
    /// Token `i` may be in a chunk as a capitalised word.
    fn cap(&self, i: usize) -> bool {
        let Chunker { tokens, an, n, .. } = *self;
        i < n
            && tokens[i].is_capitalized()
            && !an.caps_line[i]
            && (an.title_commons.is_empty() || an.title_commons.binary_search(&(i as u32)).is_err())
            // A weekday or month is a date, unless a name follows ("June Carter").
            && (!an.info[i].is(W_DATE)
                || tokens[i].is(SENT_START)
                || i + 1 < n && tokens[i + 1].is_capitalized())
    }

    /// Grow the run over the token at its end: true if it goes on.
    fn grow(&self, r: &mut Run) -> bool {
        if r.end >= self.n || self.tokens[r.end].is(LINE_START) {
            return false;
        }
        if let Some(go_on) = self.capitalised(r) {
            return go_on;
        }
        if let Some(go_on) = self.initials(r) {
            return go_on;
        }
        if let Some(go_on) = self.hyphened(r) {
            return go_on;
        }
        if let Some(go_on) = self.company_possessive(r) {
            return go_on;
        }
        if let Some(go_on) = self.apostrophe(r) {
            return go_on;
        }
        if let Some(go_on) = self.plural_possessive(r) {
            return go_on;
        }
        if let Some(go_on) = self.particle(r) {
            return go_on;
        }
        self.connector(r).unwrap_or(false)
    }

    fn capitalised(&self, r: &mut Run) -> Step {
        let Chunker { text, tokens, n, .. } = *self;
        let end = r.end;
        // "a NASA T-shirt", "an FBI X-ray": a capital letter before a
        // hyphen and a lowercase word starts a common word.
        let letter_word = tokens[end].end() - tokens[end].start() == 1
            && end + 2 < n
            && tokens[end + 1].is_punct(text, '-')
            && glued(tokens, end + 1)
            && glued(tokens, end + 2)
            && tokens[end + 2].is(LOWER);
        if self.cap(end) && !letter_word {
            r.end += 1;
            return Some(true);
        }
        None
    }

    fn initials(&self, r: &mut Run) -> Step {
        let Chunker { text, tokens, an, .. } = *self;
        let end = r.end;
        // Initials and abbreviations: "J. R. R. Tolkien", "St. Louis", "U.S."
        if tokens[end].is_punct(text, '.') && glued(tokens, end) {
            let prev = tokens[end - 1].text(text);
            let single = prev.chars().count() == 1;
            // After "Inc." a common word starts the next sentence
            // ("... Inc. The deal values it at $5").
            let abbreviation = lower_eq(prev, &["st", "mt", "ft", "jr", "sr", "co", "inc", "corp", "bros", "ltd"]);
            if self.cap(end + 1) && (single || abbreviation && !an.info[end + 1].has(COMMON)) {
                r.end += 1;
                return Some(true);
            }
            // "U.S." at the end of a chunk: keep the final period of an initialism.
            if single && end >= 2 && tokens[end - 2].is_punct(text, '.') {
                r.end += 1;
                return Some(false);
            }
            return Some(false);
        }
        None
    }

    fn hyphened(&self, r: &mut Run) -> Step {
        let Chunker { text, tokens, an, n } = *self;
        let end = r.end;
        // Hyphenated names: "Jean-Claude", "Guinea-Bissau", "Jong-un", "al-Assad".
        if tokens[end].is_punct(text, '-')
            && glued(tokens, end)
            && end + 1 < n
            && glued(tokens, end + 1)
            && tokens[end + 1].is_word()
        {
            let next = tokens[end + 1].text(text);
            // Korean given names: "Kim Jong-un", "Moon Jae-in".
            // Cantonese ones too, of five letters that are no English
            // word: "Lam Wai-kwong" (not "Paris-based").
            // ("Kenya-led", "state-run": an English participle.)
            let korean = (next.len() <= 3 && !matches!(next, "led" | "run")
                || next.len() <= 5 && !an.info[end + 1].has(COMMON))
                && tokens[end - 1].is_capitalized()
                && tokens[end - 1].end() - tokens[end - 1].start() <= 5;
            if self.cap(end + 1) || korean {
                r.end += 2;
                return Some(true);
            }
            return Some(false);
        }
        None
    }

    fn company_possessive(&self, r: &mut Run) -> Step {
        let Chunker { text, tokens, an, n } = *self;
        let (start, end) = (r.start, r.end);
        let s = tokens[end].bytes(text);
        // Possessives inside company names: "Harmon's Bancshares Inc.",
        // "McDonald's Corp": only when the name goes on to an
        // organization head or legal suffix.
        if (s == b"'" || s == "\u{2019}".as_bytes())
            && end + 2 < n
            && tokens[end + 1].bytes(text) == b"s"
            && glued(tokens, end + 1)
            && self.cap(end + 2)
        {
            let mut k = end + 2;
            while k < n && self.cap(k) && !tokens[k].is(LINE_START) {
                k += 1;
            }
            // Not after a title and a name: "President Ana Lima's Liberal
            // Party" is her party.
            let titled = an.info[start].has(ROLE | HONORIFIC) && end > start + 1;
            if (an.info[k - 1].is(W_ORG_HEAD) || an.info[k - 1].has(LEGAL)) && !titled {
                r.end = k;
                return Some(true);
            }
        }
        None
    }

    fn apostrophe(&self, r: &mut Run) -> Step {
        let Chunker { text, tokens, n, .. } = *self;
        let end = r.end;
        let s = tokens[end].bytes(text);
        // O'Neill, D'Alema
        if (s == b"'" || s == "\u{2019}".as_bytes())
            && glued(tokens, end)
            && end + 1 < n
            && glued(tokens, end + 1)
            && self.cap(end + 1)
        {
            if tokens[end - 1].text(text).chars().count() == 1 {
                r.end += 2;
                return Some(true);
            }
            return Some(false);
        }
        None
    }

    /// "Melbourne Magistrates' Court", "the Keldby Teachers' Union": a
    /// plural's apostrophe inside an institution's name, which goes on to
    /// its head word.
    fn plural_possessive(&self, r: &mut Run) -> Step {
        let Chunker { text, tokens, an, n } = *self;
        let end = r.end;
        let s = tokens[end].bytes(text);
        if (s == b"'" || s == "\u{2019}".as_bytes())
            && end > r.start
            && glued(tokens, end)
            && tokens[end - 1].bytes(text).ends_with(b"s")
            // a plural noun, no one's name ("Reyes'"), no listed name's end
            // ("United Nations' World Health Organization": two names)
            && an.info[end - 1].has(COMMON)
            && !an.info[end - 1].has(GIVEN | SURNAME | NAME_TOKEN | PLACE | ORG)
            && !an.hits.iter().any(|&(_, h)| h.end == end && PhraseMap::kinds(h.value) & PLACES_ORGS != 0)
            && end + 1 < n
            && !glued(tokens, end + 1)
            && self.cap(end + 1)
        {
            let mut k = end + 1;
            while k < n && self.cap(k) && !tokens[k].is(LINE_START) {
                k += 1;
            }
            if an.info[k - 1].is(W_ORG_HEAD) {
                r.end = k;
                return Some(true);
            }
        }
        None
    }

    fn particle(&self, r: &mut Run) -> Step {
        let Chunker { text, tokens, an, n } = *self;
        let (start, end) = (r.start, r.end);
        // Particles: "Ludwig van Beethoven", "Osama bin Laden", "al-Assad".
        if an.info[end].is(W_PARTICLE) && !tokens[end].is(CAP) && end > start {
            if self.cap(end + 1) || (end + 2 < n && tokens[end + 1].is_punct(text, '-') && self.cap(end + 2)) {
                r.end += 1;
                return Some(true);
            }
            // Two particles: "Ursula von der Leyen", "Jan van der Berg".
            if end + 2 < n && an.info[end + 1].is(W_PARTICLE) && tokens[end + 1].is(LOWER) && self.cap(end + 2) {
                r.end += 2;
                return Some(true);
            }
            return Some(false);
        }
        None
    }

    fn connector(&self, r: &mut Run) -> Step {
        let Chunker { text, tokens, an, n } = *self;
        let end = r.end;
        let t = &tokens[end];
        let s = t.bytes(text);
        // Organization connectors: "Bank of England", "Institute for Coastal Research".
        if t.is_word() && lower_eq_bytes(s, &["of", "for", "on", "and", "&"]) || t.is_punct(text, '&') {
            // Once a name has an organization head and its connector
            // ("Alliance of Cities"), further connectors belong to it
            // ("... for Open Data").
            let of_head = an.info[end - 1].is(W_OF_HEAD) || r.institution;
            if lower_eq_bytes(s, &["and"]) {
                return Some(self.and(r));
            }
            if of_head || (t.is_punct(text, '&') && self.cap(end + 1)) {
                r.institution |= !t.is_punct(text, '&');
                // optional "the"
                let mut k = end + 1;
                if k < n && tokens[k].is_word() && tokens[k].bytes(text) == b"the" {
                    k += 1;
                }
                // A second institution after a first one is a name of
                // its own ("Centre for Urban Studies of the University
                // of Porto").
                let second = !an.info[end - 1].is(W_OF_HEAD) && k < n && an.info[k].is(W_ORG_HEAD | W_OF_HEAD);
                if self.cap(k) && !second {
                    r.end = k + 1;
                    return Some(true);
                }
            }
            return Some(false);
        }
        None
    }

    /// "and" at the run's end: true if the run grew over it and goes on.
    fn and(&self, r: &mut Run) -> bool {
        let end = r.end;
        let run = (end + 1..self.n.min(end + 5)).take_while(|&k| self.cap(k)).count();
        if r.institution {
            return self.and_in_field(r, run);
        }
        self.and_after_the(r, run) || self.and_before_legal_suffix(r, run)
    }

    fn and_in_field(&self, r: &mut Run, run: usize) -> bool {
        let an = self.an;
        let end = r.end;
        // "Institute of Allergy and Infectious Diseases": after an
        // institution's "of", "and" joins the last words of its
        // field (up to three, no place, organization or "X of"
        // among them), when the name ends there.
        // (A place's name of several words is no field: "Union
        // of Texas and Harlan County".)
        let field = (end + 1..end + 1 + run).all(|k| {
            !an.info[k].has(PLACE | ORG | DEMONYM)
                && !an.info[k].is(W_OF_HEAD | W_DIVISION)
                && an.hits_from(k).iter().all(|&(_, h)| PhraseMap::kinds(h.value) & PLACES_ORGS == 0)
        });
        if (1..=3).contains(&run) && field {
            r.end += 1 + run;
            return true;
        }
        false
    }

    fn and_after_the(&self, r: &mut Run, run: usize) -> bool {
        let Chunker { text, tokens, an, .. } = *self;
        let (start, end) = (r.start, r.end);
        // "the National Health and Medical Research Council", "the
        // Walter and Eliza Hall Institute": after "the", plain
        // capitalised words, "and", and up to four more closed by
        // an organization's head word are one name (two names
        // would each take their own head or article). No place,
        // organization, title or demonym on its own among the
        // words (after "and", one that is an English word too,
        // "Marine", is a word).
        // (So after a possessive: "its Health Emergency
        // Preparedness and Response Authority".)
        if start > 0 && matches!(tokens[start - 1].bytes(text), b"the" | b"its" | b"their" | b"our") {
            const NAMED: u16 = PLACE | ORG | HONORIFIC | ROLE;
            // (Nor a place's or an organization's name of several
            // words, but a country's opening the name of its
            // agency, "the U.S. Immigration and Naturalization
            // Service", unless the rest is a listed one's: "the
            // United States Food and Drug Administration".)
            let close = end + run + 1;
            let listed_rest = |m: usize| {
                an.hits_from(m).iter().any(|&(_, h)| h.end == close && PhraseMap::kinds(h.value) & ORGS != 0)
            };
            let plain = |k: usize| {
                !an.info[k].has(NAMED | DEMONYM)
                    && an.hits_from(k).iter().all(|&(_, h)| {
                        PhraseMap::kinds(h.value) & PLACES_ORGS == 0
                            || k == start && PhraseMap::kinds(h.value) & PLACES_ORGS == COUNTRIES && !listed_rest(h.end)
                    })
            };
            let field = |k: usize| !an.info[k].has(DEMONYM) && (!an.info[k].has(NAMED) || an.info[k].has(COMMON));
            if run >= 2
                && an.info[end + run].is(W_ORG_HEAD)
                && (start..end).all(plain)
                && (end + 1..end + run).all(field)
            {
                r.end += 1 + run;
                return true;
            }
        }
        false
    }

    fn and_before_legal_suffix(&self, r: &mut Run, run: usize) -> bool {
        let Chunker { tokens, an, .. } = *self;
        let (start, end) = (r.start, r.end);
        // "Harmon and Vesk Inc.", "Nordic Marine Engines and
        // Shipbuilding Company": a legal suffix closes one company
        // whose name has "and", "the" or not, when no word
        // before "and" is a name of its own (a nationality may
        // open the company's name), and the words after it are
        // no place's or organization's.
        if let Some(last) = (end + 1..=end + run).find(|&k| an.info[k].has(LEGAL)) {
            const NAMED: u16 = PLACE | ORG | HONORIFIC | ROLE;
            let words = (start..end).filter(|&k| tokens[k].is_word()).count();
            // (A first name before more words is a person's:
            // "Ann Vesk and Partners Ltd".)
            let plain = (start..end).all(|k| {
                (!an.info[k].has(NAMED) || an.info[k].has(COMMON))
                    && (k == start || !an.info[k].has(DEMONYM))
                    && (k > start || words == 1 || !an.info[k].has(GIVEN))
            });
            let field = (end + 1..=last).all(|k| !an.info[k].has(NAMED | DEMONYM) || an.info[k].has(COMMON));
            // (A first name closed by its own head is a
            // company of its own: "Kestrel Capital Group and
            // Vesk Holdings Ltd".)
            let closed = an.info[end - 1].is(W_ORG_HEAD) || an.info[end - 1].has(LEGAL);
            if plain && field && words >= 1 && !closed {
                r.end = last + 1;
                return true;
            }
        }
        false
    }

    /// Where a person's full name starts at the end of an institution's
    /// run, if one does.
    fn person_after_institution(&self, r: &Run) -> Option<usize> {
        let Chunker { tokens, an, .. } = *self;
        let Run { start, end, institution } = *r;
        // "the Institute of Coastal Studies Mara Salem said": an
        // institution's name does not run on into a person's full name
        // after its field words.
        if institution && end >= start + 4 {
            let (g, f) = (end - 2, end - 1);
            const NAMED: u16 = COMMON | PLACE | DEMONYM | ORG;
            if tokens[g].is_word()
                && tokens[f].is_word()
                && tokens[g - 1].is_capitalized()
                // (After a title the name's split is the title's.)
                && !an.info[g - 1].has(ROLE | HONORIFIC)
                && an.info[g].has(GIVEN)
                && !an.info[g].has(NAMED)
                && (an.info[f].has(SURNAME | NAME_TOKEN) || !an.info[f].has(NAMED))
            {
                return Some(g);
            }
        }
        None
    }
}
