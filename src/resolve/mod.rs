//! Stage 4: resolve — from overlapping candidates to entities.
//!
//! # Overlap policy
//!
//! Candidates from every matcher (gazetteers, name patterns, dates, user
//! lists) are settled in one place, here:
//!
//! 1. **Longest span wins.** "Bank of England" (organization) beats
//!    "England" (country); "New York City" beats "New York".
//! 2. At equal length, **user gazetteer** entries beat built-in ones, which
//!    beat patterns; then the candidate's priority decides (country >
//!    region = organization > city for the same words), then the earlier
//!    start.
//! 3. Places that share a name ("Paris", FR or US) are disambiguated by the
//!    countries the article mentions, then by population.
//!
//! Selected mentions are then grouped into entities by identity key
//! (`entity::Candidate::key`), with in-article coreference: a lone surname
//! joins the one person whose name ends with it (never when two people share
//! it), an acronym defined in parentheses joins its long form, and "the
//! Commission" alone joins the one organization whose name has that head.

mod entity;
pub mod places;
pub mod unlisted;

pub use entity::group;

use std::borrow::Cow;
use std::cmp::Reverse;
use std::sync::Arc;

use crate::gazetteer::fold::key_of;

use crate::entity::{Attrs, Candidate, EntityType, Resolved, Source};
use crate::patterns::names::Analysis;
use crate::rules::{Rejection, Rule};
use crate::span::Span;
use crate::span::Taken;
use crate::tokenize::{Token, CAP, LINE_START};

/// Choose among candidates sharing a span and type (same-name places), in
/// place; the others go to `rejected`, when given.
fn disambiguate(cands: &mut Vec<Candidate>, rejected: &mut Option<&mut Vec<Rejection>>) {
    // Place candidates grouped by (span, type): sorted, no map.
    let mut places: Vec<(usize, usize, u8, u32)> = Vec::with_capacity(cands.len());
    places.extend(
        cands
            .iter()
            .enumerate()
            .filter(|(_, c)| c.ty.is_place())
            .map(|(i, c)| (c.span.start, c.span.end, type_rank(&c.ty), i as u32)),
    );
    places.sort_unstable();
    let same = |a: &(usize, usize, u8, u32), b: &(usize, usize, u8, u32)| (a.0, a.1, a.2) == (b.0, b.1, b.2);
    if !places.windows(2).any(|w| same(&w[0], &w[1])) {
        return;
    }
    // Countries the article mentions: by country entities and by the
    // countries of unambiguous cities (a handful: a list, not a map).
    let mut countries: Vec<&str> = Vec::new();
    for group in places.chunk_by(same) {
        if let [(_, _, _, i)] = group {
            let c = &cands[*i as usize];
            if let Some(code) = c.attrs.iso.as_deref().or(c.attrs.country.as_deref()) {
                if !countries.contains(&code) {
                    countries.push(code);
                }
            }
        }
    }
    let mentioned = |code: &str| countries.contains(&code);
    let mut drop = vec![false; cands.len()];
    for group in places.chunk_by(same).filter(|g| g.len() > 1) {
        let best = group
            .iter()
            .map(|&(_, _, _, i)| i as usize)
            .max_by_key(|&i| {
                let c = &cands[i];
                let ctx = c.attrs.country.as_deref().is_some_and(mentioned);
                let qualified = c.priority >= crate::patterns::names::QUALIFIED;
                (
                    c.source == Source::User,
                    qualified,
                    ctx,
                    c.priority,
                    c.attrs.population.unwrap_or(0),
                    std::cmp::Reverse(i),
                )
            })
            .unwrap();
        for &(_, _, _, i) in group {
            drop[i as usize] = i as usize != best;
        }
    }
    if let Some(r) = rejected {
        let dropped = cands.iter().zip(&drop).filter(|(_, &d)| d);
        r.extend(dropped.map(|(c, _)| Rejection { span: c.span, ty: c.ty.clone(), rule: Rule::ResolveSameNamePlace }));
    }
    let mut k = 0;
    cands.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// "The European Commission fined the bank. The Commission said ...": the
/// capitalised head word of an organization's name, after "the" and
/// standing alone, is a short mention of the one organization of the
/// article whose name has that word (rule `org.head-word-mention`). When
/// two organizations have it, it names no one. When none has it and the
/// word is a governing or collective body's ("the Council", "the
/// Legislature"), the capital makes it that body's name: an organization
/// of its own, one for all its mentions (rule `org.capitalised-body`).
pub fn head_word_mentions(text: &str, tokens: &[Token], an: &Analysis, entities: &mut Vec<Resolved>) {
    let n = tokens.len();
    let mut links: Vec<(usize, Span)> = Vec::new();
    let mut bodies: Vec<(String, Span)> = Vec::new();
    for k in an.capitalized() {
        if k == 0
            || !(an.is_org_head(k) || an.is_body_word(k))
            || an.caps_line[k]
            || !tokens[k].is(CAP)
            || !tokens[k - 1].text(text).eq_ignore_ascii_case("the")
        {
            continue;
        }
        // Alone: no capitalised word or connector after it ("the Council
        // of Europe", "the Coalition Provisional Authority").
        if k + 1 < n
            && !tokens[k + 1].is(LINE_START)
            && (tokens[k + 1].is_capitalized()
                || tokens[k + 1].is_word() && ["of", "for", "on", "and", "&"].contains(&tokens[k + 1].text(text)))
        {
            continue;
        }
        let span = Span::new(tokens[k].start(), tokens[k].end());
        if entities.iter().any(|e| e.mentions.iter().any(|m| m.start < span.end && span.start < m.end)) {
            continue;
        }
        let head = tokens[k].text(text);
        let mut owner = None;
        let mut shared = false;
        for (i, e) in entities.iter().enumerate() {
            if e.ty != EntityType::Organization || !e.name.contains(' ') {
                continue;
            }
            if e.name.split(' ').any(|w| w.eq_ignore_ascii_case(head)) {
                if owner.is_some() {
                    shared = true;
                }
                owner = Some(i);
            }
        }
        match (owner, shared) {
            (Some(i), false) => links.push((i, span)),
            (None, _) if an.is_body_word(k) => bodies.push((key_of(head), span)),
            _ => {}
        }
    }
    for (i, span) in links {
        let e = &mut entities[i];
        e.mentions.push(span);
        e.mentions.sort_unstable();
        e.rules.insert(Rule::OrgHeadWordMention);
    }
    // One organization per body word, placed among the entities by its
    // first mention (the order of first mentions is the entities' order).
    while let Some((key, first)) = bodies.first().cloned() {
        let mentions: Vec<Span> = bodies.iter().filter(|(k, _)| *k == key).map(|&(_, s)| s).collect();
        bodies.retain(|(k, _)| *k != key);
        let at = entities.partition_point(|e| e.mentions.first().is_some_and(|m| m.start < first.start));
        let name: Arc<str> = text[first.start..first.end].into();
        entities.insert(
            at,
            Resolved {
                ty: EntityType::Organization,
                key: format!("organization:{key}").into(),
                name,
                attrs: Arc::new(Attrs::default()),
                mentions,
                role: None,
                roles: Vec::new(),
                rules: crate::rules::RuleSet::one(Rule::OrgCapitalisedBody),
            },
        );
    }
}

/// Select non-overlapping candidates by the overlap policy; returns them in
/// text order.
pub fn select(cands: Vec<Candidate>) -> Vec<Candidate> {
    select_explained(cands, None)
}

/// Where the lists give one name to several countries' bodies
/// ("Treasury", "Supreme Court"), the one of the country the article's
/// places are most often in goes first (rule `org.article-country`);
/// when none is that country's, the body is that country's, unlisted
/// (named as `text` writes it); without such a country, the
/// lists' order stands.
pub fn orgs_of_article_country(text: &str, cands: &mut [Candidate]) {
    let is_listed_org =
        |c: &Candidate| c.ty == EntityType::Organization && c.source == Source::Gazetteer && c.attrs.country.is_some();
    let mut orgs: Vec<usize> = (0..cands.len()).filter(|&i| is_listed_org(&cands[i])).collect();
    orgs.sort_by_key(|&i| (cands[i].span.start, cands[i].span.end));
    let shared = orgs
        .windows(2)
        .any(|w| cands[w[0]].span == cands[w[1]].span && cands[w[0]].attrs.country != cands[w[1]].attrs.country);
    // A party named by a short name of the lists in plain words ("Green
    // Party", "Labor") that every country's politics may have; not an
    // acronym or a short form ("SNP", "LeT", "Let"), which is one party's own.
    let plain_words =
        |w: &str| w.split(' ').all(|x| x.chars().count() >= 4 && x.chars().skip(1).all(|ch| !ch.is_uppercase()));
    let party_alias = |c: &Candidate| {
        c.attrs.kind.as_deref() == Some("party")
            && text.get(c.span.start..c.span.end).is_some_and(|w| w != &**c.name() && plain_words(w))
    };
    if !shared && !orgs.iter().any(|&i| party_alias(&cands[i])) {
        return;
    }
    // The country of each place name that names one place only (a name
    // of several places, "London", says nothing yet).
    let is_place = |c: &Candidate| matches!(c.ty, EntityType::Country | EntityType::City | EntityType::Region);
    let mut places: Vec<((usize, usize), &str)> = cands
        .iter()
        .filter(|c| is_place(c))
        .filter_map(|c| Some(((c.span.start, c.span.end), places::country_of(c)?)))
        .collect();
    places.sort_unstable();
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for run in places.chunk_by(|a, b| a.0 == b.0) {
        let cc = run[0].1;
        if run.iter().all(|&(_, x)| x == cc) {
            match counts.iter_mut().find(|(k, _)| *k == cc) {
                Some((_, n)) => *n += run.len(),
                None => counts.push((cc, run.len())),
            }
        }
    }
    let count = |c: &Candidate| {
        c.attrs.country.as_deref().and_then(|cc| counts.iter().find(|(k, _)| *k == cc)).map_or(0, |&(_, n)| n)
    };
    // The article's own country: the one most of its places are in, by
    // two mentions at least and alone at the top.
    let most = counts.iter().map(|&(_, n)| n).max().unwrap_or(0);
    let mut tops = counts.iter().filter(|&&(_, n)| n == most);
    let home = match (tops.next(), tops.next()) {
        (Some(&(cc, n)), None) if n >= 2 => Some(cc.to_string()),
        _ => None,
    };
    let mut best: Vec<usize> = Vec::new();
    let mut generic: Vec<usize> = Vec::new();
    for run in orgs.chunk_by(|&a, &b| cands[a].span == cands[b].span) {
        if run.len() < 2 {
            // "the Green Party" in a story from Wellington: the lists' one
            // party of that short name is another country's.
            let i = run[0];
            if party_alias(&cands[i]) && count(&cands[i]) == 0 && home.is_some() {
                generic.push(i);
            }
            continue;
        }
        let top = run.iter().map(|&i| count(&cands[i])).max().unwrap_or(0);
        let winners: Vec<usize> = run.iter().copied().filter(|&i| count(&cands[i]) == top).collect();
        if top > 0 && winners.len() == 1 {
            best.push(winners[0]);
        } else if top == 0
            && home.is_some()
            && run.iter().all(|&i| cands[i].attrs.kind.as_deref() == Some("government"))
        {
            // "the Treasury" in an article from Kenya: none of the
            // listed bodies is its country's, and every country has one
            // (not so a company: "Nestle" is the Swiss one anywhere).
            generic.push(run[0]);
        }
    }
    for i in best {
        let c = &mut cands[i];
        c.priority = c.priority.saturating_add(1);
        c.rule = Rule::OrgArticleCountry;
    }
    // The body of the article's country, unlisted, by the name as
    // written: its kind stays ("government"), the list's identity goes.
    for i in generic {
        let c = &mut cands[i];
        let written = &text[c.span.start..c.span.end];
        let (name, key) = (Arc::from(written), Arc::from(format!("organization:{}", key_of(written))));
        c.attrs = Arc::new(Attrs { kind: c.attrs.kind.clone(), country: home.clone(), ..Attrs::named(name, key) });
        c.priority = c.priority.saturating_add(1);
        c.rule = Rule::OrgArticleCountry;
    }
}

/// [`select`], putting the candidates that lose into `rejected` (when given).
pub fn select_explained(mut cands: Vec<Candidate>, mut rejected: Option<&mut Vec<Rejection>>) -> Vec<Candidate> {
    disambiguate(&mut cands, &mut rejected);
    let mut taken = Bytes::for_spans(&cands);
    // A candidate that shares no byte with another is kept whatever its
    // rank: only the others are ranked (among themselves, in the order
    // of the ranking of all), and the greedy choice is theirs.
    let (order, mut keep) = match taken.contested(&cands) {
        Some(contested) => {
            let keep = contested.iter().map(|&c| !c).collect();
            (rank(&cands, |i| contested[i]), keep)
        }
        None => (rank(&cands, |_| true), vec![false; cands.len()]),
    };
    for &i in &order {
        let c = &cands[i as usize];
        keep[i as usize] = taken.take(c.span.start, c.span.end);
        if !keep[i as usize] {
            if let Some(r) = rejected.as_deref_mut() {
                // Lost to the name of something gazette does not report
                // ("Toyota" inside "Toyota Japan" read as a product): the
                // rule that blocked it is the reason.
                let blocker = cands.iter().zip(&keep).find(|(w, &k)| {
                    k && w.span.start < c.span.end
                        && c.span.start < w.span.end
                        && matches!(&w.ty, EntityType::Custom(t) if t.starts_with('_'))
                });
                let rule = blocker.map_or(Rule::ResolveOverlap, |(w, _)| w.rule);
                r.push(Rejection { span: c.span, ty: c.ty.clone(), rule });
            }
        }
    }
    places::inside_names(&mut cands, &order, &mut keep, &mut rejected);
    in_text_order(cands, &keep)
}

/// The candidates `keep` marks, sorted by span, stably: the candidates
/// are large, so the others leave the vector where it is (no second
/// vector, no growing one), and where the kept ones are not in order
/// already, the sort orders their positions and each then moves twice.
fn in_text_order(mut cands: Vec<Candidate>, keep: &[bool]) -> Vec<Candidate> {
    let mut k = 0;
    cands.retain(|_| {
        k += 1;
        keep[k - 1]
    });
    if cands.windows(2).all(|w| (w[0].span.start, w[0].span.end) <= (w[1].span.start, w[1].span.end)) {
        return cands;
    }
    // (The kept candidates keep their order: their positions now sort
    // as their first ones did.)
    let mut order: Vec<(usize, usize, u32)> =
        cands.iter().enumerate().map(|(i, c)| (c.span.start, c.span.end, i as u32)).collect();
    order.sort_unstable();
    let mut slots: Vec<Option<Candidate>> = cands.into_iter().map(Some).collect();
    order.iter().map(|&(_, _, i)| slots[i as usize].take().expect("each position once")).collect()
}

/// The bytes of an article that kept candidates took: a [`Taken`], or,
/// where no candidate is empty (as none is in practice), a bit for every
/// byte (two non-empty ranges share a byte exactly when they share a set
/// bit; an empty one, which [`Taken`] may refuse, has no bit).
enum Bytes {
    Ranges(Taken),
    Bits(Vec<u64>),
}

impl Bytes {
    fn for_spans(cands: &[Candidate]) -> Bytes {
        if cands.iter().any(|c| c.span.is_empty()) {
            return Bytes::Ranges(Taken::default());
        }
        let end = cands.iter().map(|c| c.span.end).max().unwrap_or(0);
        Bytes::Bits(vec![0; end / 64 + 1])
    }

    /// Take `start..end` and return true, unless it shares a byte with a
    /// range taken before (then nothing changes): [`Taken::take`].
    fn take(&mut self, start: usize, end: usize) -> bool {
        let bits = match self {
            Bytes::Ranges(t) => return t.take(start, end),
            Bytes::Bits(bits) => bits,
        };
        if byte_bits(start, end).any(|(w, m)| bits[w] & m != 0) {
            return false;
        }
        for (w, m) in byte_bits(start, end) {
            bits[w] |= m;
        }
        true
    }

    /// For each candidate, true if it shares a byte with another: with
    /// bits (no span is empty; nothing taken yet), else `None`.
    fn contested(&self, cands: &[Candidate]) -> Option<Vec<bool>> {
        let Bytes::Bits(bits) = self else { return None };
        // The bytes of one candidate or more, and of two or more.
        let (mut once, mut twice) = (vec![0u64; bits.len()], vec![0u64; bits.len()]);
        for c in cands {
            for (w, m) in byte_bits(c.span.start, c.span.end) {
                twice[w] |= once[w] & m;
                once[w] |= m;
            }
        }
        Some(cands.iter().map(|c| byte_bits(c.span.start, c.span.end).any(|(w, m)| twice[w] & m != 0)).collect())
    }
}

/// The bits of the bytes `start..end` (not empty), word by word: each
/// word's index and mask.
fn byte_bits(start: usize, end: usize) -> impl Iterator<Item = (usize, u64)> + Clone {
    (start / 64..=(end - 1) / 64).map(move |w| {
        let (lo, hi) = (start.max(w * 64) - w * 64, end.min(w * 64 + 64) - w * 64);
        (w, (u64::MAX >> (64 - (hi - lo))) << lo)
    })
}

/// A person candidate's name folded: its key without the `person:` prefix
/// when the name stage keyed it so (already folded), else the name folded.
fn folded_name(c: &Candidate) -> Cow<'_, str> {
    match c.key().strip_prefix("person:") {
        Some(k) => Cow::Borrowed(k),
        None => Cow::Owned(key_of(c.name())),
    }
}

/// The candidate's tier in the overlap choice: a user's entries, then the
/// gazetteers' entries and the names a cue vouches for
/// ([`crate::entity::VOUCHED`]), then other patterns.
fn tier(c: &Candidate) -> u8 {
    match c.source {
        Source::User => 0,
        Source::Gazetteer => 1,
        Source::Pattern if c.priority >= crate::entity::VOUCHED => 1,
        Source::Pattern => 2,
    }
}

/// The indices of the candidates `only` names, best first: longer spans,
/// then their [`tier`], higher priority, earlier start, type rank, and
/// the index last (as in a stable sort). Each candidate's rank is one
/// integer, so the sort compares integers.
fn rank(cands: &[Candidate], only: impl Fn(usize) -> bool) -> Vec<u32> {
    // Bits: length 32 (inverted), tier 2, priority 8 (inverted),
    // start 40, type 6, index 32 (bits 0..32, read back as the index).
    let fits = |c: &Candidate| c.span.len() < 1 << 32 && c.span.start < 1 << 40;
    if cands.len() < 1 << 32 && cands.iter().all(fits) {
        let mut keys: Vec<u128> = Vec::with_capacity(cands.len());
        keys.extend(cands.iter().enumerate().filter(|&(i, _)| only(i)).map(|(i, c)| {
            (u128::from(u32::MAX - c.span.len() as u32) << 96)
                | (u128::from(tier(c)) << 94)
                | (u128::from(u8::MAX - c.priority) << 86)
                | ((c.span.start as u128) << 46)
                | (u128::from(type_rank(&c.ty)) << 40)
                | i as u128
        }));
        keys.sort_unstable();
        return keys.into_iter().map(|k| k as u32).collect();
    }
    // The same order as a tuple, for spans past the packing's bits.
    let mut order: Vec<u32> = (0..cands.len() as u32).filter(|&i| only(i as usize)).collect();
    order.sort_by_key(|&i| {
        let c = &cands[i as usize];
        (Reverse(c.span.len()), tier(c), Reverse(c.priority), c.span.start, type_rank(&c.ty), i)
    });
    order
}

fn type_rank(t: &EntityType) -> u8 {
    match t {
        // A street or natural feature holds its words as a blocking name did.
        EntityType::Custom(_) | EntityType::Location => 0,
        EntityType::Date => 1,
        EntityType::Duration => 2,
        EntityType::Set => 3,
        EntityType::Time => 4,
        EntityType::Country => 5,
        EntityType::Region => 6,
        EntityType::Organization => 7,
        EntityType::City => 8,
        EntityType::Person => 9,
        EntityType::Role => 10,
        EntityType::Nationality => 11,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::Attrs;
    use crate::span::Span;
    use std::sync::Arc;

    fn cand(s: usize, e: usize, ty: EntityType, key: &str, priority: u8) -> Candidate {
        Candidate {
            span: Span::new(s, e),
            ty,
            attrs: Arc::new(Attrs::named(key.into(), key.into())),
            source: Source::Gazetteer,
            priority,
            short: None,
            rule: crate::rules::Rule::GazetteerEntry,
        }
    }

    #[test]
    fn a_reading_lost_to_a_blocked_name_names_the_blocking_rule() {
        let open = Candidate {
            rule: Rule::MiscPlacePrefix,
            ..cand(0, 15, EntityType::Custom("_misc".into()), "hong kong open", 1)
        };
        let bank = cand(20, 35, EntityType::Organization, "bank of england", 4);
        let mut rejected = Vec::new();
        let got = select_explained(
            vec![
                cand(0, 9, EntityType::City, "hong kong", 3),
                open,
                bank,
                cand(28, 35, EntityType::Country, "england", 5),
            ],
            Some(&mut rejected),
        );
        assert_eq!(got.len(), 2);
        let rules: Vec<(usize, Rule)> = rejected.iter().map(|r| (r.span.start, r.rule)).collect();
        assert!(rules.contains(&(0, Rule::MiscPlacePrefix)), "{rules:?}");
        assert!(rules.contains(&(28, Rule::ResolveOverlap)), "{rules:?}");
    }

    #[test]
    fn longest_wins_then_priority() {
        let got = select(vec![
            cand(8, 15, EntityType::Country, "england", 5),
            cand(0, 15, EntityType::Organization, "bank of england", 4),
            cand(20, 25, EntityType::City, "paris-city", 3),
            cand(20, 25, EntityType::Country, "paris-country", 5),
        ]);
        let keys: Vec<_> = got.iter().map(|c| &**c.key()).collect();
        assert_eq!(keys, ["bank of england", "paris-country"]);
    }

    #[test]
    fn rank_orders_as_the_overlap_policy_says() {
        let types = [EntityType::City, EntityType::Person, EntityType::Date, EntityType::Organization];
        let sources = [Source::User, Source::Gazetteer, Source::Pattern];
        let make = |base: usize| -> Vec<Candidate> {
            (0..60usize)
                .map(|k| {
                    // A deterministic mix with many ties on each key.
                    let (s, len) = (base + (k * 7) % 5, 1 + (k * 3) % 4);
                    let mut c = cand(s, s + len, types[k % 4].clone(), "k", [0, 2, 9][k % 3]);
                    c.source = sources[(k / 3) % 3];
                    c
                })
                .collect()
        };
        for base in [0, 1 << 41] {
            let cands = make(base);
            let mut want: Vec<u32> = (0..cands.len() as u32).collect();
            want.sort_by(|&i, &j| {
                let (a, b) = (&cands[i as usize], &cands[j as usize]);
                b.span
                    .len()
                    .cmp(&a.span.len())
                    .then(tier(a).cmp(&tier(b)))
                    .then(b.priority.cmp(&a.priority))
                    .then(a.span.start.cmp(&b.span.start))
                    .then(type_rank(&a.ty).cmp(&type_rank(&b.ty)))
                    .then(i.cmp(&j))
            });
            assert_eq!(rank(&cands, |_| true), want, "spans from {base}");
            // Some of them: the same order, the others left out.
            let odd: Vec<u32> = want.iter().copied().filter(|i| i % 2 == 1).collect();
            assert_eq!(rank(&cands, |i| i % 2 == 1), odd, "spans from {base}");
        }
    }

    #[test]
    fn same_name_places_follow_article_countries() {
        let mut fr = cand(0, 5, EntityType::City, "paris-fr", 3);
        Arc::make_mut(&mut fr.attrs).country = Some("FR".into());
        Arc::make_mut(&mut fr.attrs).population = Some(2_000_000);
        let mut us = cand(0, 5, EntityType::City, "paris-us", 3);
        Arc::make_mut(&mut us.attrs).country = Some("US".into());
        Arc::make_mut(&mut us.attrs).population = Some(25_000);
        let mut texas = cand(7, 12, EntityType::Region, "texas", 4);
        Arc::make_mut(&mut texas.attrs).country = Some("US".into());
        let got = select(vec![fr.clone(), us.clone(), texas]);
        assert_eq!(&**got[0].key(), "paris-us");
        let got = select(vec![fr, us]);
        assert_eq!(&**got[0].key(), "paris-fr");
    }

    #[test]
    fn taken_bits_answer_as_taken_ranges() {
        let mut v = 7u64;
        let mut next = |n: usize| {
            v = v.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (v >> 33) as usize % n
        };
        for round in 0..200 {
            let len = 1 + next(300);
            let spans: Vec<(usize, usize)> = (0..1 + next(80))
                .map(|_| {
                    let s = next(len);
                    (s, s + 1 + next(if round % 2 == 0 { 8 } else { 130 }))
                })
                .collect();
            let cands: Vec<Candidate> = spans.iter().map(|&(s, e)| cand(s, e, EntityType::City, "x", 1)).collect();
            let (mut bits, mut ranges) = (Bytes::for_spans(&cands), Taken::default());
            assert!(matches!(bits, Bytes::Bits(_)));
            for &(s, e) in &spans {
                assert_eq!(bits.take(s, e), ranges.take(s, e), "{spans:?} {s}..{e}");
            }
        }
    }

    #[test]
    fn selection_comes_back_in_text_order_ties_in_input_order() {
        let cands = vec![
            cand(10, 14, EntityType::City, "c", 1),
            cand(0, 4, EntityType::City, "a", 1),
            cand(20, 24, EntityType::Person, "d", 1),
            cand(5, 9, EntityType::City, "b", 1),
            cand(5, 9, EntityType::Person, "b2", 1),
        ];
        let keys = |keep: &[bool]| -> Vec<String> {
            in_text_order(cands.clone(), keep).iter().map(|c| c.key().to_string()).collect()
        };
        assert_eq!(keys(&[true; 5]), ["a", "b", "b2", "c", "d"]);
        // Only the kept ones, in order.
        assert_eq!(keys(&[true, false, true, true, true]), ["b", "b2", "c", "d"]);
        assert_eq!(keys(&[false, true, false, true, false]), ["a", "b"]);
    }
}
