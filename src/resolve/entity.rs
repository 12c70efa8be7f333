//! Group selected mentions into entities, with in-article coreference.

use std::sync::Arc;

use crate::hash::FastMap;

use crate::entity::{shared_str, Candidate, EntityType, Resolved};
use crate::gazetteer::fold::key_into;

/// Group candidates (non-overlapping, in text order) into entities, in
/// order of first mention.
pub fn group(text: &str, cands: Vec<Candidate>) -> Vec<Resolved> {
    let mut cands = cands;
    defined_acronyms(text, &mut cands);
    let mut keep = person_coreference(&mut cands);
    // Names of things gazette does not report only blocked shorter matches.
    for (c, k) in cands.iter().zip(keep.iter_mut()) {
        if matches!(&c.ty, EntityType::Custom(t) if t.starts_with('_')) {
            *k = false;
        }
    }
    let entity_of = entity_numbers(&cands, &keep);
    let mut out = into_entities(cands, entity_of);
    name_people_fully(text, &mut out);
    out
}

/// Acronyms defined in parentheses: "Institute for Coastal Research
/// (ICR)"; their mentions take their long form's key.
fn defined_acronyms(text: &str, cands: &mut [Candidate]) {
    let mut acronyms: FastMap<String, usize> = FastMap::default();
    for i in 0..cands.len() {
        if cands[i].ty != EntityType::Organization {
            continue;
        }
        let after = &text[cands[i].span.end..];
        let after = after.trim_start();
        // "( MWB )" too, as tokenized text writes it.
        if let Some(rest) = after.strip_prefix('(').map(str::trim_start) {
            let acr: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '.').collect();
            if rest[acr.len()..].trim_start().starts_with(')') && is_acronym_of(&acr, cands[i].name()) {
                acronyms.insert(acr.replace('.', ""), i);
            }
        }
    }
    // Re-key acronym mentions to their long form's key.
    for i in (0..cands.len()).filter(|_| !acronyms.is_empty()) {
        if !matches!(cands[i].ty, EntityType::Organization | EntityType::Person) {
            continue;
        }
        let surface = text[cands[i].span.start..cands[i].span.end].replace('.', "");
        if let Some(&j) = acronyms.get(&surface) {
            if i != j {
                cands[i].ty = EntityType::Organization;
                // (The name and key come with the attributes.)
                cands[i].attrs = cands[j].attrs.clone();
                cands[i].rule = crate::rules::Rule::OrgDefinedAcronym;
            }
        }
    }
}

/// Each folded word of people's names, mapped to the key of the one
/// person who has it, or to `None` once two people share it.
type Owners = FastMap<String, Option<Arc<str>>>;

/// Person coreference: a one-word mention joins the single multi-word
/// person whose name contains it as last (or first) word. Per candidate,
/// whether it stays.
fn person_coreference(cands: &mut [Candidate]) -> Vec<bool> {
    let (last_words, first_words) = person_words(cands);
    let named = named_before(cands, &last_words);
    let mut keep = vec![true; cands.len()];
    for (i, c) in cands.iter_mut().enumerate() {
        if c.ty != EntityType::Person || c.name().contains(' ') {
            continue;
        }
        let folded = super::folded_name(c);
        let owner = match last_words.get(folded.as_ref()) {
            Some(None) => {
                // The last full name of that word before this mention.
                let k = named.partition_point(|(f, at, _)| (f.as_str(), *at) < (folded.as_ref(), c.span.start));
                (k > 0 && named[k - 1].0 == *folded).then(|| Some(named[k - 1].2.clone()))
            }
            Some(found) => Some(found.clone()),
            None => {
                let first = first_words.get(folded.as_ref()).filter(|o| o.is_some()).cloned();
                if first.is_some() {
                    c.rule = crate::rules::Rule::PersonFirstNameMention;
                }
                first
            }
        };
        match owner {
            Some(Some(only)) => {
                c.set_key(only);
                c.priority = c.priority.max(1);
            }
            // Shared by several people and none named before it (a
            // separate, ambiguous entity), or by none: a bare capitalised
            // word stands only on its own merit.
            Some(None) | None => {
                if c.priority == 0 {
                    keep[i] = false;
                }
            }
        }
    }
    keep
}

/// The people's family words and first words, each to its one owner
/// (see [`Owners`]).
fn person_words(cands: &[Candidate]) -> (Owners, Owners) {
    // The folded word maps to that person's key, or to `None` once two
    // people share it.
    let mut last_words: Owners = FastMap::default();
    // ("Tedros Adhanom Ghebreyesus ... Tedros told reporters": a first
    // word too, where no family name is that word and one person alone
    // has it.)
    let mut first_words: Owners = FastMap::default();
    let mut form = String::new();
    for c in cands {
        if c.ty != EntityType::Person {
            continue;
        }
        if let Some((first, _)) = c.name().split_once(' ') {
            key_into(first, &mut form);
            claim(&mut first_words, &form, c.key());
        }
        for word in family_words(c) {
            key_into(word, &mut form);
            claim(&mut last_words, &form, c.key());
        }
    }
    (last_words, first_words)
}

/// A word several people share ("Margaret Ellison", then "her son, David
/// Ellison") means the one named last before it, as news writes a
/// family name alone right after the full name it stands for: each
/// shared word's mentions in full `(word, start, person's key)`, sorted.
fn named_before(cands: &[Candidate], last_words: &Owners) -> Vec<(String, usize, Arc<str>)> {
    let mut form = String::new();
    let mut named: Vec<(String, usize, Arc<str>)> = Vec::new();
    if last_words.values().any(Option::is_none) {
        for c in cands.iter().filter(|c| c.ty == EntityType::Person) {
            for word in family_words(c) {
                key_into(word, &mut form);
                if last_words.get(form.as_str()).is_some_and(Option::is_none) {
                    named.push((form.clone(), c.span.start, c.key().clone()));
                }
            }
        }
        named.sort_unstable_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    }
    named
}

/// Each kept candidate's entity (`u32::MAX`: not kept): the first
/// candidate with its key makes it. Keys are borrowed here (no reference
/// counts touched), then the candidates are moved into their entities.
fn entity_numbers(cands: &[Candidate], keep: &[bool]) -> Vec<u32> {
    let mut entity_of: Vec<u32> = Vec::with_capacity(cands.len());
    // Sized once: growing it by rehashing was a visible cost.
    let mut index: FastMap<&str, u32> = FastMap::with_capacity_and_hasher(cands.len(), Default::default());
    // A gazetteer row's key is one `Arc` at all its mentions (and a
    // surname's is its person's): the entities of the last keys seen,
    // by the key's address, are asked before the text is hashed. (The
    // candidates hold their keys here: equal addresses, equal texts.)
    let mut recent = [(0usize, 0u32); 16];
    for (c, &k) in cands.iter().zip(keep) {
        if !k {
            entity_of.push(u32::MAX);
            continue;
        }
        let at = Arc::as_ptr(c.key()) as *const u8 as usize;
        let slot = &mut recent[(at >> 4 ^ at >> 8) & 15];
        if slot.0 != at {
            let n = index.len() as u32;
            *slot = (at, *index.entry(&**c.key()).or_insert(n));
        }
        entity_of.push(slot.1);
    }
    entity_of
}

/// The candidates moved into their entities (`entity_of`: see
/// [`entity_numbers`]), in order of first mention.
fn into_entities(cands: Vec<Candidate>, entity_of: Vec<u32>) -> Vec<Resolved> {
    // Each entity's number of mentions, so its list is made at its size.
    let mut counts: Vec<u32> = Vec::with_capacity(cands.len());
    for &e in entity_of.iter().filter(|&&e| e != u32::MAX) {
        if e as usize == counts.len() {
            counts.push(0);
        }
        counts[e as usize] += 1;
    }
    let mut out: Vec<Resolved> = Vec::with_capacity(cands.len());
    for (c, e) in cands.into_iter().zip(entity_of) {
        if e == u32::MAX {
            continue;
        }
        match out.get_mut(e as usize) {
            Some(r) => {
                r.mentions.push(c.span);
                r.rules.insert(c.rule);
            }
            None => {
                let rules = crate::rules::RuleSet::one(c.rule);
                debug_assert_eq!(e as usize, out.len());
                let mut mentions = Vec::with_capacity(counts[e as usize] as usize);
                mentions.push(c.span);
                out.push(Resolved {
                    name: c.name().clone(),
                    key: c.key().clone(),
                    ty: c.ty,
                    attrs: c.attrs,
                    mentions,
                    role: None,
                    roles: Vec::new(),
                    rules,
                });
            }
        }
    }
    out
}

/// Name people by their fullest mention (user gazetteer entries keep their own name).
fn name_people_fully(text: &str, out: &mut [Resolved]) {
    for r in out.iter_mut().filter(|r| r.ty == EntityType::Person && !r.key.starts_with("user:")) {
        if let Some(best) = r.mentions.iter().max_by_key(|s| s.len()) {
            let surface = &text[best.start..best.end];
            // Most often the name already reads so (written as it is, the
            // test costs a comparison of bytes).
            if !reads_as(surface, &r.name) && !surface.split_whitespace().eq(r.name.split(' ')) {
                r.name = shared_str(|name| {
                    for (k, w) in surface.split_whitespace().enumerate() {
                        if k > 0 {
                            name.push(' ');
                        }
                        name.push_str(w);
                    }
                });
            }
        }
    }
}

/// Record that the person `key` has the folded word `form`: the word maps
/// to that person, or to `None` once two people share it (the key is
/// allocated only for a word not seen yet).
fn claim(owners: &mut FastMap<String, Option<Arc<str>>>, form: &str, key: &Arc<str>) {
    match owners.get_mut(form) {
        Some(owner) => {
            if owner.as_ref().is_some_and(|k| *k != *key) {
                *owner = None;
            }
        }
        None => {
            owners.insert(form.to_owned(), Some(key.clone()));
        }
    }
}

/// The words a person of several words is mentioned by alone: the last
/// word of the name and its [`Candidate::short`] form (none for a
/// one-word name).
fn family_words(c: &Candidate) -> impl Iterator<Item = &str> {
    last_word(c.name()).into_iter().flat_map(|last| std::iter::once(last).chain(c.short.as_deref()))
}

/// The word after the last space of `name`, if it has one.
fn last_word(name: &str) -> Option<&str> {
    name.as_bytes().iter().rposition(|&b| b == b' ').map(|p| &name[p + 1..])
}

/// True if `surface` is `name` and both are ASCII words separated by single
/// spaces: its whitespace-separated words are then `name`'s words.
fn reads_as(surface: &str, name: &str) -> bool {
    let b = name.as_bytes();
    surface == name
        && b.first().is_some_and(|&c| c != b' ')
        && b.last().is_some_and(|&c| c != b' ')
        && b.iter().all(|&c| c.is_ascii() && !matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
        && !b.windows(2).any(|w| w == b"  ")
}

/// True if `acr` ("ICR", "U.N.") could abbreviate `name` ("Institute for Coastal Research").
pub fn is_acronym_of(acr: &str, name: &str) -> bool {
    let letters: Vec<char> = acr.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 2 || !letters.iter().all(|c| c.is_uppercase()) {
        return false;
    }
    let initials: Vec<char> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    // The acronym's letters appear in order among the capitalised initials,
    // starting with the first.
    if initials.first() != letters.first() {
        return false;
    }
    let mut it = initials.iter();
    if letters.iter().all(|l| it.any(|i| i == l)) {
        return true;
    }
    // Or each capitalised word gives its initial and perhaps more of its
    // letters, in order ("NOA" for "Norland Airways").
    let words: Vec<Vec<char>> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .map(|w| w.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_uppercase).collect())
        .collect();
    spelled_by_words(&letters, &words)
}

/// True if `letters` are, word by word, each word's initial followed by
/// some of its later letters in order (every word used, every letter used).
fn spelled_by_words(letters: &[char], words: &[Vec<char>]) -> bool {
    let Some((word, rest)) = words.split_first() else { return letters.is_empty() };
    if letters.first() != word.first() {
        return false;
    }
    // Take the initial, then try each number of further letters from this word.
    let mut li = 1;
    let mut wi = 1;
    loop {
        if spelled_by_words(&letters[li..], rest) {
            return true;
        }
        // The next letter from this word, if it has one.
        match (letters.get(li), word[wi..].iter().position(|&c| Some(&c) == letters.get(li))) {
            (Some(_), Some(p)) => {
                wi += p + 1;
                li += 1;
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms() {
        for (a, n, ok) in [
            ("ICR", "Institute for Coastal Research", true),
            ("UN", "United Nations", true),
            ("EIPA", "European Institute of Public Administration", true),
            ("NATO", "North Atlantic Treaty Organization", true),
            ("XYZ", "Institute for Coastal Research", false),
            ("NOA", "Norland Airways", true),
            ("NOX", "Norland Airways", false),
            ("Ltd", "Limited Company", false),
        ] {
            assert_eq!(is_acronym_of(a, n), ok, "{a} / {n}");
        }
    }

    #[test]
    fn reads_as_only_where_the_words_agree() {
        for (surface, name, ok) in [
            ("Ana Lima", "Ana Lima", true),
            ("Ana  Lima", "Ana  Lima", false),
            ("Ana\tLima", "Ana\tLima", false),
            (" Ana Lima", " Ana Lima", false),
            ("Ana Lima", "Ana Silva", false),
            ("Zoë Lima", "Zoë Lima", false),
        ] {
            assert_eq!(reads_as(surface, name), ok, "{surface:?}");
            // Where it answers yes, the words agree as the full test reads them.
            if ok {
                assert!(surface.split_whitespace().eq(name.split(' ')));
            }
        }
        assert_eq!(last_word("Ana Lima"), Some("Lima"));
        assert_eq!(last_word("Lima"), None);
    }
}
