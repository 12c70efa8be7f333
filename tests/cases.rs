//! The rule table's test rows: `tests/cases/*.tsv`, one driver.
//!
//! Each row is `rule  expect  type  mention  text [value]`: in `text`, rule `rule`
//! (an id of `gazetteers/rules/rules.tsv`) applies (`+`) or does not (`-`)
//! to `mention` read as `type`. What "applies" means follows the rule's
//! action:
//!
//! - `propose`, `retype`, `link`: `+` an entity of `type` has the mention
//!   and names the rule in its `--explain` rules; `-` no entity of `type`
//!   has the mention (`propose`), or none made by the rule (`retype`, `link`).
//! - `reject`: `+` `--explain` lists the mention as a reading of `type`
//!   rejected by the rule; `-` an entity of `type` has the mention, and the
//!   rule rejected no reading of it.
//! - `block` (names gazette does not report, such as streets): `+` no
//!   entity of `type` has the mention (the longer name took it); `-` one has.
//!
//! A role's mention may be written `title | person | organization` (the
//! title as written, the person's name, the organization entity's name or
//! nothing):
//! the role must then have that person and organization too.
//!
//! A sixth field, `value` (the rows of the date rules), is the TIMEX3 value
//! the entity must have in a positive row. Every text is published on
//! Thursday 14 March 2024 ([`PUBLISHED`]), so relative dates have one value.
//!
//! Rows of `user.entry` run with `examples/newsroom-local.tsv` as a user
//! gazetteer. `\n` in a text is a line break. Every rule has at least one
//! row of each kind.

use std::collections::BTreeMap;

use std::sync::Arc;

use gazette::article::{Article, DateSource};
use gazette::date::Date;
use gazette::gazetteer::user::UserGazetteer;
use gazette::output::{record_of, Record};
use gazette::pipeline::Options;
use gazette::rules::Rule;
use gazette::{Extractor, Gazetteers};

use crate::util::root;

struct Row {
    at: String,
    rule: Rule,
    positive: bool,
    ty: String,
    mention: String,
    text: String,
    value: Option<String>,
}

/// The publication date of every row's text: Thursday 14 March 2024.
const PUBLISHED: (i32, u8, u8) = (2024, 3, 14);

fn rows() -> Vec<Row> {
    let dir = root().join("tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut out = Vec::new();
    for path in files.iter().filter(|p| p.extension().is_some_and(|x| x == "tsv")) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let at = format!("tests/cases/{name}:{}", n + 1);
            let f: Vec<&str> = line.split('\t').collect();
            let (rule, expect, ty, mention, text, value) = match f[..] {
                [rule, expect, ty, mention, text] => (rule, expect, ty, mention, text, None),
                [rule, expect, ty, mention, text, value] => (rule, expect, ty, mention, text, Some(value.to_string())),
                _ => panic!("{at}: expected 5 or 6 tab-separated fields (rule, expect, type, mention, text, value)"),
            };
            let rule = Rule::from_id(rule).unwrap_or_else(|| panic!("{at}: unknown rule {rule:?}"));
            assert!(expect == "+" || expect == "-", "{at}: expect is + or -");
            // The organization is named as the entity is (a country's name for "UK").
            for part in mention.split(" | ").take(2) {
                assert!(text.contains(part), "{at}: the text does not contain {part:?}");
            }
            out.push(Row {
                at,
                rule,
                positive: expect == "+",
                ty: ty.into(),
                mention: mention.into(),
                text: text.replace("\\n", "\n"),
                value,
            });
        }
    }
    out
}

fn extract(ex: &Extractor, text: &str) -> Record {
    let (y, m, d) = PUBLISHED;
    let article = Article::new("case", text).with_date(Date::new(y, m, d).unwrap(), DateSource::Field);
    record_of(&article, &ex.analyze(&article))
}

#[test]
fn every_row_holds() {
    let ex = Extractor::new(Gazetteers::builtin(), Options { explain: true, ..Options::default() });
    // Rows of the user-gazetteer rule run with the README's example list.
    let base = Gazetteers::builtin();
    let user = UserGazetteer::load(&[root().join("examples/newsroom-local.tsv")], &base).unwrap();
    let with_user = Extractor::new(base, Options { explain: true, user: Some(Arc::new(user)), ..Options::default() });
    let mut failures = Vec::new();
    for row in rows() {
        let r = extract(if row.rule == Rule::UserEntry { &with_user } else { &ex }, &row.text);
        let has = |e: &gazette::output::Entity| match row.mention.split(" | ").collect::<Vec<_>>()[..] {
            [title, person, org] => {
                e.ty == row.ty
                    && e.mentions.iter().any(|m| m.text == title)
                    && e.person_name.as_deref() == Some(person)
                    && e.organization_name.as_deref().unwrap_or("") == org
            }
            _ => e.ty == row.ty && e.mentions.iter().any(|m| m.text == row.mention),
        };
        let found = r.entities.iter().find(|e| has(e));
        let by_rule = found.is_some_and(|e| e.explain.as_ref().unwrap().rules.iter().any(|id| id == row.rule.id()))
            && row.value.as_ref().is_none_or(|v| found.is_some_and(|e| e.value.as_ref() == Some(v)));
        let rejected_by_rule =
            r.rejected.iter().any(|j| j.text == row.mention && j.ty == row.ty && j.rule == row.rule.id());
        let ok = match (row.rule.action(), row.positive) {
            ("reject", true) => rejected_by_rule,
            ("reject", false) => found.is_some() && !rejected_by_rule,
            ("block", false) => found.is_some(),
            ("block", true) => found.is_none(),
            (_, true) => by_rule,
            ("propose", false) => found.is_none(),
            (_, false) => !by_rule,
        };
        if !ok {
            let got: Vec<String> = r
                .entities
                .iter()
                .map(|e| {
                    let rules = e.explain.as_ref().map(|x| x.rules.join(",")).unwrap_or_default();
                    let value = e.value.as_deref().map(|v| format!(" = {v}")).unwrap_or_default();
                    format!("{} {:?}{value} [{rules}]", e.ty, e.mentions.iter().map(|m| &m.text).collect::<Vec<_>>())
                })
                .collect();
            let rejected: Vec<String> =
                r.rejected.iter().map(|j| format!("{} {:?} by {}", j.ty, j.text, j.rule)).collect();
            failures.push(format!(
                "{}: {} {} {} {:?}\n    text: {}\n    found: {got:?}\n    rejected: {rejected:?}",
                row.at,
                row.rule.id(),
                if row.positive { "+" } else { "-" },
                row.ty,
                row.mention,
                row.text
            ));
        }
    }
    assert!(failures.is_empty(), "{} rows fail:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_rule_has_a_positive_and_a_negative_row() {
    let mut seen: BTreeMap<&str, (usize, usize)> = Rule::ALL.iter().map(|r| (r.id(), (0, 0))).collect();
    let rows = rows();
    for row in &rows {
        let c = seen.get_mut(row.rule.id()).unwrap();
        if row.positive {
            c.0 += 1;
        } else {
            c.1 += 1;
        }
    }
    let missing: Vec<String> =
        seen.iter().filter(|(_, &(p, n))| p == 0 || n == 0).map(|(id, (p, n))| format!("{id} (+{p} -{n})")).collect();
    assert!(missing.is_empty(), "rules without a positive and a negative row: {missing:?}");
}

#[test]
fn rule_lists_are_sorted_lowercase_and_unique() {
    for (file, text) in gazette::rules::LISTS {
        let mut lines = text.lines();
        assert!(lines.next().is_some_and(|l| l.starts_with("# Hand-written")), "{file}: provenance line first");
        let words: Vec<&str> = gazette::rules::words(text).collect();
        assert!(!words.is_empty(), "{file}: empty");
        for w in &words {
            assert_eq!(w.trim(), *w, "{file}: {w:?} has surrounding whitespace");
            assert!(!w.bytes().any(|b| b.is_ascii_uppercase()), "{file}: {w:?} is not lowercase");
        }
        for p in words.windows(2) {
            assert!(p[0] < p[1], "{file}: {:?} is not after {:?} (sorted, unique)", p[1], p[0]);
        }
    }
    for (file, text) in gazette::rules::TABLES {
        let mut lines = text.lines();
        assert!(lines.next().is_some_and(|l| l.starts_with("# Hand-written")), "{file}: provenance line first");
        let mut rows = lines.filter(|l| !l.starts_with('#'));
        let width = rows.next().expect("a header row").split('\t').count();
        let rows: Vec<Vec<&str>> = rows.map(|l| l.split('\t').collect()).collect();
        assert!(!rows.is_empty(), "{file}: empty");
        for r in &rows {
            assert_eq!(r.len(), width, "{file}: {r:?}: {width} fields");
            assert!(r.iter().all(|f| !f.is_empty() && f.trim() == *f), "{file}: {r:?}: empty field or whitespace");
            assert!(!r[0].bytes().any(|b| b.is_ascii_uppercase()), "{file}: {:?} is not lowercase", r[0]);
        }
        for p in rows.windows(2) {
            assert!(p[0][0] < p[1][0], "{file}: {:?} is not after {:?} (sorted, unique)", p[1][0], p[0][0]);
        }
    }
    let table = std::fs::read_to_string(root().join("gazetteers/rules/rules.tsv")).unwrap();
    let ids: Vec<&str> =
        table.lines().filter(|l| !l.starts_with('#')).skip(1).map(|l| l.split('\t').next().unwrap()).collect();
    assert!(ids.windows(2).all(|p| p[0] < p[1]), "rules.tsv: ids sorted and unique");
    assert_eq!(ids.len(), Rule::ALL.len());
}
