//! The whole pipeline, in one page:
//!
//! ```text
//! Article ─► tokenize ─► analyze (gazetteer walk) ─► names ──┐
//!                                     └──────────► dates ───┼─► resolve ─► roles ─► Record
//!                              user gazetteers ─────────────┘
//! ```

use std::sync::Arc;

use crate::article::{Article, DateSource};
use crate::date::Date;
use crate::entity::{Attrs, Candidate, EntityType, Resolved, Source};
use crate::gazetteer::user::{Exclusions, UserGazetteer};
use crate::gazetteer::Gazetteers;
use crate::output::{self, Extraction, Record};
use crate::patterns::{date, names, role};
use crate::rules::Rejection;
use crate::span::Span;
use crate::{resolve, tokenize};

/// Options that change what is extracted.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Only these types in the output (`None`: all).
    pub types: Option<Vec<EntityType>>,
    /// Day/month order of numeric dates like `03/04/2023` (default: inferred).
    pub date_order: date::DateOrder,
    /// User gazetteers (`--gazetteer`), matched alongside the built-in lists.
    pub user: Option<Arc<UserGazetteer>>,
    /// Surface forms never to report (`--exclude`), applied after resolution.
    pub exclude: Option<Arc<Exclusions>>,
    /// Keep, for `--explain`, the rules behind each entity and the
    /// candidates the rules turned down.
    pub explain: bool,
}

/// The extractor: gazetteers and patterns, built once and shared by every
/// worker thread (it is `Send + Sync`).
pub struct Extractor {
    gazetteers: Gazetteers,
    dates: date::DateFinder,
    options: Options,
    /// `GAZETTE_DEBUG` set: dump every candidate to stderr (for developers).
    debug: bool,
}

impl Default for Extractor {
    fn default() -> Extractor {
        Extractor::new(Gazetteers::builtin(), Options::default())
    }
}

impl Extractor {
    /// An extractor over `gazetteers`.
    pub fn new(gazetteers: Gazetteers, options: Options) -> Extractor {
        let debug = std::env::var_os("GAZETTE_DEBUG").is_some();
        Extractor { gazetteers, dates: date::DateFinder::with_order(options.date_order), options, debug }
    }

    /// The gazetteers in use.
    pub fn gazetteers(&self) -> &Gazetteers {
        &self.gazetteers
    }

    fn wants(&self, t: &EntityType) -> bool {
        self.options.types.as_ref().is_none_or(|ts| ts.contains(t))
    }

    /// Extract the entities of one article, as an output record.
    pub fn extract(&self, article: &Article) -> Record {
        output::record_of(article, &self.analyze(article))
    }

    /// Extract the entities of one article, before they are made a record
    /// (see [`output::Encoder::encode_extraction`]).
    pub fn analyze(&self, article: &Article) -> Extraction {
        let text = article.text.as_str();
        let published = article.published.or_else(|| self.dates.dateline(text).map(|(d, _)| (d, DateSource::Dateline)));
        let mut rejected = self.options.explain.then(Vec::new);
        let entities = self.all_entities(text, published.map(|(d, _)| d), rejected.as_mut());
        // The places the article is about, from all its places (whatever
        // `--types` shows).
        let focus = resolve::places::focus(&entities, &self.gazetteers);
        // `--types` hides entities in the output, where what the shown
        // ones refer to is still named.
        let shown = match &self.options.types {
            Some(_) => entities.iter().map(|e| self.wants(&e.ty)).collect(),
            None => Vec::new(),
        };
        Extraction { published, entities, focus, rejected, shown }
    }

    /// The resolved entities of `text` (byte spans), with `anchor` as the
    /// reference date for relative dates.
    pub fn entities(&self, text: &str, anchor: Option<Date>) -> Vec<Resolved> {
        let mut entities = self.all_entities(text, anchor, None);
        if self.options.types.is_some() {
            filter_entities(&mut entities, |e| self.wants(&e.ty));
        }
        entities
    }

    /// [`Extractor::entities`] of every type, `--types` aside; the
    /// candidates the rules turned down go to `rejected` (when given).
    fn all_entities(
        &self,
        text: &str,
        anchor: Option<Date>,
        mut rejected: Option<&mut Vec<Rejection>>,
    ) -> Vec<Resolved> {
        // 2. tokenize
        let tokens = tokenize::tokenize(text);
        // 3a. gazetteers and names
        let mut analysis = names::analyze(text, &tokens, &self.gazetteers);
        analysis.explain = rejected.is_some();
        // Candidates are large: grow the vector once, not by doubling
        // copies. News that names many places needs room for more than an
        // eighth of its tokens (every town of a name is a candidate).
        let mut cands: Vec<Candidate> = Vec::with_capacity(tokens.len() / 5 + 32);
        let mut lone = names::find(text, &tokens, &self.gazetteers, &analysis, &mut cands);
        if let Some(user) = &self.options.user {
            user.find(text, &tokens, &analysis.folded, &mut cands);
        }
        // Towns, for the place stage to weigh.
        resolve::places::towns(text, &tokens, &self.gazetteers, &analysis, &mut cands);
        resolve::places::county_lists(text, &tokens, &self.gazetteers, &analysis, &mut cands);
        resolve::places::party_homes(text, &tokens, &self.gazetteers, lone.party_homes(), &mut cands);
        // Lone words that are surnames of the people found so far.
        lone.settle(text, &tokens, &analysis, &mut cands);
        if let Some(r) = rejected.as_deref_mut() {
            r.extend_from_slice(lone.rejected());
        }
        // 3b. dates, durations, sets and times
        if [EntityType::Date, EntityType::Duration, EntityType::Set, EntityType::Time].iter().any(|t| self.wants(t)) {
            let mut blocked = Vec::new();
            let explained = rejected.is_some().then_some(&mut blocked);
            let dates = self.dates.find_at_tokens_explained(text, &tokens, anchor, analysis.date_starts(), explained);
            cands.extend(dates.into_iter().map(|m| date_candidate(text, m)));
            if let Some(r) = rejected.as_deref_mut() {
                r.extend(blocked.into_iter().map(|m| Rejection {
                    span: Span::new(m.start, m.end),
                    ty: timex_type(m.kind),
                    rule: m.rule,
                }));
            }
        }
        // 4. resolve: one place per place name, from the article's geography
        resolve::places::choose(text, &tokens, &analysis, &mut cands, rejected.as_deref_mut());
        resolve::places::mark_inside_names(text, &tokens, &analysis, &mut cands);
        resolve::orgs_of_article_country(text, &mut cands);
        if self.debug {
            for c in &cands {
                eprintln!(
                    "cand {:?} {:?} {} p{} {:?} {:?}",
                    c.span,
                    c.ty,
                    c.name(),
                    c.priority,
                    c.source,
                    c.attrs.country
                );
            }
        }
        let selected = resolve::select_explained(cands, rejected);
        let mut entities = resolve::group(text, selected);
        resolve::unlisted::mayor_towns(text, &mut entities);
        resolve::unlisted::place(&tokens, &mut entities);
        resolve::head_word_mentions(text, &tokens, &analysis, &mut entities);
        // 3c. roles, on top of people and organizations
        // (People list their roles.)
        if self.wants(&EntityType::Role) || self.wants(&EntityType::Person) {
            role::attach(text, &tokens, &self.gazetteers, &analysis, &mut entities);
        }
        if let Some(ex) = &self.options.exclude {
            ex.apply(text, &mut entities);
            filter_entities(&mut entities, |e| !e.mentions.is_empty());
        }
        entities
    }
}

/// The candidate of a date, duration or set mention: keyed by its
/// normalized value, so that two spellings of one date are one entity.
pub fn date_candidate(text: &str, m: date::DateMention) -> Candidate {
    let surface = &text[m.start..m.end];
    let ty = timex_type(m.kind);
    let key = names::prefixed(ty.as_str(), m.value.as_deref().unwrap_or(surface));
    Candidate {
        span: Span::new(m.start, m.end),
        ty,
        attrs: Arc::new(Attrs { value: m.value, ambiguous: m.ambiguous, ..Attrs::named(surface.into(), key) }),
        source: Source::Pattern,
        priority: 6,
        short: None,
        rule: m.rule,
    }
}

/// The entity type of a date stage's mention: date, duration or set.
fn timex_type(kind: date::TimexType) -> EntityType {
    match kind {
        date::TimexType::Date => EntityType::Date,
        date::TimexType::Duration => EntityType::Duration,
        date::TimexType::Set => EntityType::Set,
        date::TimexType::Time => EntityType::Time,
    }
}

/// Keep only entities that pass `keep`, fixing up role links.
fn filter_entities(entities: &mut Vec<Resolved>, keep: impl Fn(&Resolved) -> bool) {
    let mut map = vec![None; entities.len()];
    let mut n = 0;
    for (i, e) in entities.iter().enumerate() {
        if keep(e) {
            map[i] = Some(n);
            n += 1;
        }
    }
    let old = std::mem::take(entities);
    for (i, mut e) in old.into_iter().enumerate() {
        if map[i].is_none() {
            continue;
        }
        if let Some(l) = &mut e.role {
            l.person = l.person.and_then(|p| map[p]);
            l.organization = l.organization.and_then(|p| map[p]);
        }
        e.roles = e.roles.iter().filter_map(|&r| map[r]).collect();
        entities.push(e);
    }
}
