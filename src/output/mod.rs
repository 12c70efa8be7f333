//! Stage 5: output records — the documented contract.
//!
//! # Format
//!
//! One [`Record`] per article, in input order. As JSON (`--format jsonl`,
//! the default, one compact object per line; or `--format json`, one array):
//!
//! ```json
//! {"id":"examples/lagos.txt","published":"2023-03-14","published_source":"dateline",
//!  "entities":[
//!   {"id":"e1","type":"city","name":"Lagos","country":"NG","geonames_id":2332459,
//!    "mentions":[{"start":42,"end":47,"text":"Lagos"}]},
//!   {"id":"e2","type":"person","name":"Ana Ferreira","roles":[{"title":"head of research","organization":"e3"}],
//!    "mentions":[{"start":80,"end":92,"text":"Ana Ferreira"}]}]}
//! ```
//!
//! * `start`/`end` are **Unicode code point** offsets into the article text
//!   (Python `str` indexing), end exclusive; `text` is exactly that slice.
//! * Entities appear in order of first mention; their ids (`e1`, `e2`, ...)
//!   are local to the record. Only entities with a mention are written (of
//!   the types `--types` keeps); a role names its person and organization
//!   (`person_name`, `organization_name`) whether or not they are written,
//!   and gives their ids when they are.
//! * Keys without a value are left out. Fields may be added in later
//!   versions; none will be renamed or removed without a major version.
//!
//! # Text encoding
//!
//! Output is UTF-8 JSON. Article text that was not valid UTF-8 is either
//! skipped with an error, or (with `--invalid-utf8 lossy`) decoded with
//! U+FFFD replacements and marked `"lossy": true`.
//!
//! CSV (`--format csv`) has one row per mention; see [`csv`].

pub mod csv;
pub mod jsonl;

use serde::{Deserialize, Serialize};

use crate::article::{Article, DateSource};
use crate::date::Date;
pub use crate::entity::Focus;
use crate::entity::Resolved;
use crate::span::CharIndex;

/// What the pipeline found in one article, before it is made a [`Record`]:
/// the reference date and the resolved entities (byte spans).
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    /// The reference date for relative dates, and where it came from.
    pub published: Option<(Date, DateSource)>,
    /// The entities (not in output order: see [`Extraction::written`]).
    pub entities: Vec<Resolved>,
    /// The places the article is about (see [`Focus`]).
    pub focus: Vec<Focus>,
    /// With `--explain`: the candidates the rules turned down.
    pub rejected: Option<Vec<crate::rules::Rejection>>,
    /// Which entities `--types` keeps, by index; empty: all.
    pub shown: Vec<bool>,
}

impl Extraction {
    /// The indices of the entities a record writes, in order of first
    /// mention: those kept by `--types` with at least one mention. An
    /// entity left out (a filtered type, a country only inferred from a
    /// title) is still named where a written one refers to it
    /// (`person_name`, `organization_name`).
    pub fn written(&self) -> Vec<usize> {
        written(&self.entities, &self.shown)
    }
}

/// See [`Extraction::written`].
fn written(entities: &[Resolved], shown: &[bool]) -> Vec<usize> {
    let first = |i: usize| entities[i].mentions.iter().map(|m| m.start).min();
    // Each entity's first mention found once, not at every comparison.
    // (Sized first: a collected filter grows one doubling at a time.)
    let mut keyed: Vec<(Option<usize>, usize)> = Vec::with_capacity(entities.len());
    keyed.extend((0..entities.len()).filter(|&i| is_written(entities, shown, i)).map(|i| (first(i), i)));
    // Mostly in order already: the entities of the names in order of
    // first mention, then the roles. The keys are distinct, in order of
    // index within a first mention: the sorted run before the first step
    // down and the rest sorted, merged, are the keys sorted.
    let run = keyed.windows(2).position(|w| w[0] > w[1]).map_or(keyed.len(), |p| p + 1);
    if run == keyed.len() {
        return keyed.into_iter().map(|(_, i)| i).collect();
    }
    let mut rest = keyed.split_off(run);
    rest.sort_unstable();
    let mut order = Vec::with_capacity(keyed.len() + rest.len());
    let (mut a, mut b) = (keyed.into_iter().peekable(), rest.into_iter().peekable());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        let (_, i) = if x < y { a.next() } else { b.next() }.expect("peeked");
        order.push(i);
    }
    order.extend(a.chain(b).map(|(_, i)| i));
    order
}

/// True if entity `i` is written (see [`Extraction::written`]).
pub fn is_written(entities: &[Resolved], shown: &[bool], i: usize) -> bool {
    shown.get(i).copied().unwrap_or(true) && !entities[i].mentions.is_empty()
}

/// The output number of each entity (`e1` is 0), `None` if not written.
pub(crate) fn numbers(order: &[usize], n: usize) -> Vec<Option<usize>> {
    let mut numbers = vec![None; n];
    for (k, &i) in order.iter().enumerate() {
        numbers[i] = Some(k);
    }
    numbers
}

/// The output for one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The article's id.
    pub id: String,
    /// The reference date used for relative dates, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Where `published` came from: `field`, `flag` or `dateline`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_source: Option<String>,
    /// True if invalid UTF-8 in the input was replaced.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lossy: bool,
    /// The entities, in order of first mention.
    pub entities: Vec<Entity>,
    /// The countries and first-level divisions (and, when clear, the city)
    /// the article is about, most weight first (see [`Focus`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub focus: Vec<Focus>,
    /// With `--explain`: candidates turned down, and the rule that did it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<RejectedMention>,
}

/// With `--explain`: the rules that made an entity, and the list entry it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// Ids of the rules that proposed its mentions (`gazetteers/rules/rules.tsv`).
    pub rules: Vec<String>,
    /// The gazetteer entry it is (`geonames:2267057`, `org:...`, `user:...`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
}

/// With `--explain`: a candidate mention that was turned down.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedMention {
    /// Code point offset of the first character.
    pub start: usize,
    /// Code point offset one past the last character.
    pub end: usize,
    /// The text.
    pub text: String,
    /// The type it would have had.
    #[serde(rename = "type")]
    pub ty: String,
    /// The id of the rule that turned it down.
    pub rule: String,
}

/// One entity: a distinct thing with all its mentions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Record-local id: `e1`, `e2`, ...
    pub id: String,
    /// `city`, `country`, `region`, `location`, `organization`, `person`, `date`, `role`, `nationality`, or a user type.
    #[serde(rename = "type")]
    pub ty: String,
    /// Canonical name (for dates: the first mention's text; for roles: the
    /// title as written, lowercased except acronyms, e.g. `head of research`).
    pub name: String,
    /// ISO 3166-1 alpha-2 country code (city, region, organization).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// GeoNames id (city, country, region).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonames_id: Option<u64>,
    /// GeoNames feature code (city, country, region: `PPL`, `PPLA`, `PCLI`, `ADM1`, `ADM2`, `CONT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    /// GeoNames first-level division code (city, region).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    /// Latitude (city, country, region).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude (city, country, region).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// Population (city, country).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    /// ISO 3166-1 alpha-2 code (country).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iso: Option<String>,
    /// Organization kind (`igo`, `government`, `party`, `media`, `company`, `university`, `sports`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// TIMEX3 value (date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// True when a numeric date's day/month order was guessed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ambiguous: bool,
    /// Title (role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Entity id of the person holding the role (role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// Entity id of the organization or country the role is held at (role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// Name of the person holding the role (role), also when the person is
    /// not written (`--types role`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_name: Option<String>,
    /// Name of the organization or country of the role (role), also when it
    /// is not written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    /// Roles held (person).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleRef>,
    /// The user gazetteer's own id for the entry.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Extra columns of a user gazetteer entry.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub attributes: std::collections::BTreeMap<String, String>,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
    /// With `--explain`: the rules and list entry behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explanation>,
}

/// A role held by a person, in the person's `roles` list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRef {
    /// The title.
    pub title: String,
    /// Entity id of the organization, if stated and written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// Name of the organization, if stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
}

/// One mention of an entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Code point offset of the first character.
    pub start: usize,
    /// Code point offset one past the last character.
    pub end: usize,
    /// The mentioned text, exactly `text[start..end]`.
    pub text: String,
}

/// The record of `article`: its reference date and `entities` (all of
/// them written, in order of first mention; see [`record_of`]).
pub fn record(article: &Article, published: Option<(Date, DateSource)>, entities: &[Resolved]) -> Record {
    build(article, published, entities, &[])
}

fn build(article: &Article, published: Option<(Date, DateSource)>, entities: &[Resolved], shown: &[bool]) -> Record {
    let text = article.text.as_str();
    let index = CharIndex::new(text);
    let order = written(entities, shown);
    let numbers = numbers(&order, entities.len());
    let eid = |i: usize| numbers[i].map(|k| format!("e{}", k + 1));
    let name = |i: usize| Some(entities[i].name.to_string());
    let out = order
        .iter()
        .map(|&i| {
            let e = &entities[i];
            let mentions = e
                .mentions
                .iter()
                .map(|s| Mention {
                    start: index.char_offset(s.start),
                    end: index.char_offset(s.end),
                    text: text[s.start..s.end].to_owned(),
                })
                .collect();
            let a = &e.attrs;
            let link = e.role.as_ref();
            let roles = e
                .roles
                .iter()
                .filter_map(|&r| {
                    entities[r].role.as_ref().map(|l| RoleRef {
                        title: l.title.clone(),
                        organization: l.organization.and_then(eid),
                        organization_name: l.organization.and_then(name),
                    })
                })
                .collect();
            Entity {
                id: eid(i).unwrap_or_default(),
                ty: e.ty.as_str().to_owned(),
                name: e.name.to_string(),
                country: a.country.clone(),
                geonames_id: a.geonames_id,
                feature: a.feature.clone(),
                admin1: a.admin1.clone(),
                lat: a.lat,
                lon: a.lon,
                population: a.population,
                iso: a.iso.clone(),
                kind: a.kind.clone(),
                value: a.value.clone(),
                ambiguous: a.ambiguous,
                title: a.title.clone(),
                person: link.and_then(|l| l.person).and_then(eid),
                organization: link.and_then(|l| l.organization).and_then(eid),
                person_name: link.and_then(|l| l.person).and_then(name),
                organization_name: link.and_then(|l| l.organization).and_then(name),
                roles,
                reference: a.reference.clone(),
                attributes: a.extra.iter().cloned().collect(),
                mentions,
                explain: None,
            }
        })
        .collect();
    Record {
        id: article.id.clone(),
        published: published.map(|(d, _)| d.to_string()),
        published_source: published.map(|(_, s)| s.as_str().to_owned()),
        lossy: article.lossy,
        entities: out,
        rejected: Vec::new(),
        focus: Vec::new(),
    }
}

/// The record of `article` and what was found in it, with the `--explain`
/// fields when `x` carries rejections (that is, when it was extracted with
/// [`crate::Options::explain`]).
pub fn record_of(article: &Article, x: &Extraction) -> Record {
    let mut r = build(article, x.published, &x.entities, &x.shown);
    r.focus.clone_from(&x.focus);
    let Some(rejected) = &x.rejected else { return r };
    let text = article.text.as_str();
    let index = CharIndex::new(text);
    for (i, out) in x.written().into_iter().zip(&mut r.entities) {
        let e = &x.entities[i];
        use crate::rules::Rule;
        let listed = [
            Rule::GazetteerEntry,
            Rule::GazetteerAcronym,
            Rule::GazetteerNameElsewhere,
            Rule::OrgBeforeTitle,
            Rule::OrgDefinedAcronym,
            Rule::OrgShortName,
            Rule::OrgArticleCountry,
            Rule::PlaceQualified,
            Rule::PlaceInsideName,
            Rule::PlaceCountyList,
            Rule::UserEntry,
        ];
        out.explain = Some(Explanation {
            rules: e.rules.iter().map(|r| r.id().to_owned()).collect(),
            entry: listed.iter().any(|&l| e.rules.contains(l)).then(|| e.key.to_string()),
        });
    }
    r.rejected = rejected
        .iter()
        .map(|j| RejectedMention {
            start: index.char_offset(j.span.start),
            end: index.char_offset(j.span.end),
            text: text[j.span.start..j.span.end].to_owned(),
            ty: j.ty.as_str().to_owned(),
            rule: j.rule.id().to_owned(),
        })
        .collect();
    r
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line.
    Jsonl,
    /// One JSON array of records.
    Json,
    /// One CSV row per mention, with a header.
    Csv,
}

/// Something that writes records: one implementation per [`Format`].
pub trait RecordWriter {
    /// Write one record.
    fn write(&mut self, record: &Record) -> std::io::Result<()>;
    /// Write the bytes of consecutive records made by an [`Encoder`] of
    /// this writer's format.
    fn write_encoded(&mut self, bytes: &[u8]) -> std::io::Result<()>;
    /// Flush what was written so far (for interactive use).
    fn flush(&mut self) -> std::io::Result<()>;
    /// Finish the output (closing brackets, flushing).
    fn finish(&mut self) -> std::io::Result<()>;
}

/// Encodes records into bytes on any thread (the workers of a parallel
/// run); [`RecordWriter::write_encoded`] then puts out the bytes of
/// consecutive records, in order, exactly as [`RecordWriter::write`] would
/// have written them.
#[derive(Clone, Copy, Debug)]
pub struct Encoder {
    format: Format,
}

impl Encoder {
    /// An encoder for `format`.
    pub fn new(format: Format) -> Encoder {
        Encoder { format }
    }

    /// Append the encoding of `r` to `out`.
    pub fn encode(&self, r: &Record, out: &mut Vec<u8>) -> std::io::Result<()> {
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut *out, r)?;
                out.push(b'\n');
            }
            // Every record after a separator; the writer turns the first
            // separator into the array's opening bracket.
            Format::Json => {
                out.extend_from_slice(jsonl::SEPARATOR);
                serde_json::to_writer(&mut *out, r)?;
            }
            Format::Csv => csv::encode_rows(r, out)?,
        }
        Ok(())
    }

    /// Append the encoding of the record of `article` and what was found in
    /// it to `out`: the same bytes as [`Encoder::encode`] of that
    /// [`record`], but JSON is written straight from the entities, without
    /// building the owned record first.
    pub fn encode_extraction(&self, article: &Article, x: &Extraction, out: &mut Vec<u8>) -> std::io::Result<()> {
        if x.rejected.is_some() {
            // `--explain`: a debugging aid, through the owned record.
            return self.encode(&record_of(article, x), out);
        }
        match self.format {
            Format::Jsonl => {
                jsonl::encode_direct(article, x, out)?;
                out.push(b'\n');
            }
            Format::Json => {
                out.extend_from_slice(jsonl::SEPARATOR);
                jsonl::encode_direct(article, x, out)?;
            }
            Format::Csv => csv::encode_rows(&record_of(article, x), out)?,
        }
        Ok(())
    }
}

/// A writer for `format` over `out`.
pub fn writer<'w, W: std::io::Write + Send + 'w>(format: Format, out: W) -> Box<dyn RecordWriter + Send + 'w> {
    match format {
        Format::Jsonl => Box::new(jsonl::JsonlWriter::new(out, false)),
        Format::Json => Box::new(jsonl::JsonlWriter::new(out, true)),
        Format::Csv => Box::new(csv::CsvWriter::new(out)),
    }
}
