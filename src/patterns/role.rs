//! Roles: job titles tied to the people who hold them.
//!
//! First version: a title written right before a person's name
//! ("President Emmanuel Macron", "Prime Minister Rishi Sunak") or in
//! apposition after it ("Ana Ferreira, director of X") becomes a role entity
//! linked to the person.

use crate::entity::{Attrs, EntityType, Resolved, RoleLink};
use crate::gazetteer::{Gazetteers, Kind, Posting};
use crate::patterns::names::Analysis;
use crate::span::Span;
use crate::tokenize::Token;

/// Add role entities for titles next to person mentions.
pub fn attach(text: &str, tokens: &[Token], gaz: &Gazetteers, an: &Analysis, entities: &mut Vec<Resolved>) {
    let map = gaz.map();
    let is_title = |s: usize, e: usize| {
        an.hits_from(s)
            .iter()
            .filter(|(_, h)| h.end == e)
            .any(|(_, h)| map.postings(h.value).filter_map(Posting::decode).any(|p| p.kind == Kind::Role))
    };
    let tok_at = |byte: usize| tokens.partition_point(|t| t.start < byte);
    let mut new_roles: Vec<Resolved> = Vec::new();
    let n_people = entities.len();
    for pi in 0..n_people {
        if entities[pi].ty != EntityType::Person {
            continue;
        }
        for m in entities[pi].mentions.clone() {
            let ts = tok_at(m.start);
            if ts == 0 {
                continue;
            }
            // Longest title ending right before the name.
            let mut best = None;
            for len in (1..=4).rev() {
                if ts >= len && is_title(ts - len, ts) {
                    best = Some(ts - len);
                    break;
                }
            }
            if let Some(s) = best {
                let span = Span::new(tokens[s].start, tokens[ts - 1].end);
                let title = text[span.start..span.end].split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
                new_roles.push(Resolved {
                    ty: EntityType::Role,
                    name: text[span.start..span.end].to_owned(),
                    key: format!("role:{pi}:{title}"),
                    attrs: Attrs { title: Some(title.clone()), ..Attrs::default() },
                    mentions: vec![span],
                    role: Some(RoleLink { title, person: Some(pi), organization: None }),
                    roles: Vec::new(),
                });
            }
        }
    }
    for r in new_roles {
        if let Some(i) = entities.iter().position(|e| e.key == r.key) {
            let sp = r.mentions[0];
            entities[i].mentions.push(sp);
            continue;
        }
        let pi = r.role.as_ref().and_then(|l| l.person).unwrap();
        entities.push(r);
        let ri = entities.len() - 1;
        entities[pi].roles.push(ri);
    }
}
