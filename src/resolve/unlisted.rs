//! Towns the lists do not have ("the village of Marrowby"): placed where
//! the story puts them.
//!
//! A news story locates a small place by a known one in the same sentence:
//! "Marrowby, about 30 km south of Kelso", "in the town of Marrowby,
//! Dunmore county". The unlisted town takes the country and first-level
//! division of the nearest listed city or region in its sentence (one after
//! it first, as that is how the story qualifies it; of the town's first
//! mention whose sentence names one), and that place's
//! coordinates as its own approximate position. It has no `geonames_id`:
//! that is how a reader tells an approximate position from a listed one.
//! A country alone gives its code, not its centroid.

use std::sync::Arc;

use crate::entity::{Attrs, EntityType, Resolved};
use crate::rules::Rule;
use crate::tokenize::{Token, LINE_START, SENT_START};

/// How far, in bytes of text, a place may stand from the unlisted town it
/// locates.
const REACH: usize = 160;

/// "Green Bank Mayor Ann Reyes", "the mayor of Green Bank": a name the
/// lists do not have, read as an organization by its last word ("Bank"),
/// that the story gives a mayor is a town (rule `place.mayor-town`): a
/// mayor is a town's.
pub fn mayor_towns(text: &str, entities: &mut [Resolved]) {
    for e in entities.iter_mut() {
        if e.ty != EntityType::Organization || e.rules != crate::rules::RuleSet::one(Rule::OrgHeadWord) {
            continue;
        }
        let mayor = e.mentions.iter().any(|m| {
            text[m.end..].starts_with(" Mayor ")
                || text.get(m.start.saturating_sub(9)..m.start).is_some_and(|w| w.eq_ignore_ascii_case("mayor of "))
        });
        if mayor {
            e.ty = EntityType::City;
            e.key = format!("city:{}", crate::gazetteer::fold::key_of(&e.name)).into();
            e.attrs = Arc::new(Attrs::default());
            e.rules = crate::rules::RuleSet::one(Rule::PlaceMayorTown);
        }
    }
}

/// Give each unlisted town of `entities` the country, division and position
/// of the listed place the sentence locates it by.
pub fn place(tokens: &[Token], entities: &mut [Resolved]) {
    let unlisted = |e: &Resolved| {
        e.ty == EntityType::City
            && e.attrs.geonames_id.is_none()
            && (e.rules.contains(Rule::PlaceSettlementNoun)
                || e.rules.contains(Rule::PlaceLocativeUnknown)
                || e.rules.contains(Rule::PlaceMayorTown)
                || e.rules.contains(Rule::PlaceUnlistedDateline)
                || e.rules.contains(Rule::PlaceQualifiedUnlisted))
    };
    if !entities.iter().any(unlisted) {
        return;
    }
    // Listed places' mentions, in text order: (start, end, entity).
    let mut listed: Vec<(usize, usize, usize)> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.ty.is_place() && e.attrs.geonames_id.is_some())
        .flat_map(|(i, e)| e.mentions.iter().map(move |m| (m.start, m.end, i)))
        .collect();
    listed.sort_unstable();
    for t in 0..entities.len() {
        if !unlisted(&entities[t]) {
            continue;
        }
        let in_sentence = |a: usize, b: usize| b - a <= REACH && !crosses_sentence(tokens, a, b);
        let specific = |&&(_, _, i): &&(usize, usize, usize)| entities[i].ty != EntityType::Country;
        let qualified = entities[t].rules.contains(Rule::PlaceQualifiedUnlisted);
        // The first mention whose sentence names a listed place.
        let located = entities[t].mentions.iter().find_map(|m| {
            let after = listed.iter().filter(|&&(s, _, _)| s >= m.end && in_sentence(m.end, s));
            // "Keldby, Ohio": the state or country right after the comma.
            if let Some(q) = after.clone().next().filter(|&&(s, _, _)| qualified && s - m.end <= 3) {
                return Some(q);
            }
            let before = listed.iter().rev().filter(|&&(_, e, _)| e <= m.start && in_sentence(e, m.start));
            let near = after.clone().find(specific).or_else(|| before.clone().find(specific));
            near.or_else(|| after.chain(before).next())
        });
        // A town the story gives a mayor, or files from, but locates by
        // no place in its sentences is in the area the story covers: the nearest listed
        // town, county or state of the story.
        let located = located.or_else(|| {
            if !entities[t].rules.contains(Rule::PlaceMayorTown)
                && !entities[t].rules.contains(Rule::PlaceUnlistedDateline)
            {
                return None;
            }
            let first = entities[t].mentions.first()?.start;
            listed.iter().filter(specific).min_by_key(|&&(s, e, _)| if s >= first { s - first } else { first - e })
        });
        let Some(&(_, _, k)) = located else { continue };
        let from = &entities[k].attrs;
        let mut attrs = Attrs { country: from.country.clone().or_else(|| from.iso.clone()), ..Attrs::default() };
        if entities[k].ty != EntityType::Country {
            attrs.admin1 = from.admin1.clone();
            attrs.lat = from.lat;
            attrs.lon = from.lon;
        }
        entities[t].attrs = Arc::new(attrs);
    }
}

/// True if a sentence starts between byte `a` and byte `b` (the end of
/// one mention and the start of the next), the token at `b` included.
fn crosses_sentence(tokens: &[Token], a: usize, b: usize) -> bool {
    let k = tokens.partition_point(|t| t.start() <= a);
    tokens[k..].iter().take_while(|t| t.start() <= b).any(|t| t.is(SENT_START) || t.is(LINE_START))
}

#[cfg(test)]
mod tests {
    use crate::entity::EntityType;
    use crate::pipeline::Extractor;

    fn city<'a>(ents: &'a [crate::entity::Resolved], name: &str) -> &'a crate::entity::Resolved {
        ents.iter().find(|e| e.ty == EntityType::City && &*e.name == name).unwrap()
    }

    #[test]
    fn an_unlisted_town_takes_the_place_its_sentence_names() {
        let ex = Extractor::default();
        let ents = ex.entities("Aid reached the village of Sarnak, about 35 km south of Mosul, on Monday.", None);
        let (town, mosul) = (city(&ents, "Sarnak"), city(&ents, "Mosul"));
        assert!(town.attrs.geonames_id.is_none());
        assert_eq!(town.attrs.lat, mosul.attrs.lat);
        assert_eq!(town.attrs.country.as_deref(), Some("IQ"));
    }

    #[test]
    fn a_place_of_another_sentence_or_a_country_gives_no_position() {
        let ex = Extractor::default();
        let ents = ex.entities("Aid reached the village of Sarnak on Monday. Mosul was calm.", None);
        assert!(city(&ents, "Sarnak").attrs.lat.is_none());
        let ents = ex.entities("Aid reached the village of Sarnak in Iraq on Monday.", None);
        let town = city(&ents, "Sarnak");
        assert!(town.attrs.lat.is_none());
        assert_eq!(town.attrs.country.as_deref(), Some("IQ"));
    }
}
