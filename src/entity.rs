//! Plain data shared by the matching and resolving stages: entity types,
//! candidate mentions and resolved entities. Spans here are byte spans.

use std::fmt;
use std::sync::Arc;

use crate::span::Span;

/// The type of an entity.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A city, town or other populated place.
    City,
    /// A country (or dependent territory).
    Country,
    /// A region: continent, first-level division, US state, news region.
    Region,
    /// An organization: company, agency, party, club, university...
    Organization,
    /// A person.
    Person,
    /// A date expression, with a normalized TIMEX3 value.
    Date,
    /// A length of time ("three years"), with its TIMEX3 value (`P3Y`).
    Duration,
    /// A time that recurs ("every Monday"), with its TIMEX3 value (`XXXX-WXX-1`).
    Set,
    /// A time of a day ("11 a.m. Saturday"), with its TIMEX3 value
    /// (`2024-03-16T11:00`).
    Time,
    /// A job title held by a person (at an organization).
    Role,
    /// A nationality word ("Kenyan", "Peruvians"): a country's people
    /// or things, with that country's code and position.
    Nationality,
    /// A named place that is no town, division or country: a street, a
    /// road, a river, a lake, a mountain, a park ("Maple Street", "Lake
    /// Huron"). It carries no coordinates.
    Location,
    /// A type defined by a user gazetteer (`--gazetteer`).
    Custom(Arc<str>),
}

/// The built-in types, in output order of priority, as a `'static` slice:
/// their names are [`EntityType::as_str`]'s, so code that needs a built-in
/// type's name (`--types` help, misspelling suggestions) iterates this and
/// asks `as_str` instead of spelling the names again.
pub const BUILTIN_TYPES: &[EntityType] = &EntityType::BUILTIN;

impl EntityType {
    /// The built-in types, in output order of priority (see [`BUILTIN_TYPES`]).
    pub const BUILTIN: [EntityType; 12] = [
        EntityType::City,
        EntityType::Country,
        EntityType::Region,
        EntityType::Organization,
        EntityType::Person,
        EntityType::Date,
        EntityType::Duration,
        EntityType::Set,
        EntityType::Time,
        EntityType::Role,
        EntityType::Nationality,
        EntityType::Location,
    ];

    /// The name used in output (`city`, `organization`, ...): the one place
    /// the built-in types' names are spelt.
    pub fn as_str(&self) -> &str {
        match self {
            EntityType::City => "city",
            EntityType::Country => "country",
            EntityType::Region => "region",
            EntityType::Organization => "organization",
            EntityType::Person => "person",
            EntityType::Date => "date",
            EntityType::Duration => "duration",
            EntityType::Set => "set",
            EntityType::Time => "time",
            EntityType::Role => "role",
            EntityType::Nationality => "nationality",
            EntityType::Location => "location",
            EntityType::Custom(s) => s,
        }
    }

    /// The built-in type of that name, if any.
    pub fn builtin(name: &str) -> Option<EntityType> {
        BUILTIN_TYPES.iter().find(|t| t.as_str() == name).cloned()
    }

    /// True for city, country and region.
    pub fn is_place(&self) -> bool {
        matches!(self, EntityType::City | EntityType::Country | EntityType::Region)
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Type-specific attributes of an entity; empty ones are left out of the output.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attrs {
    /// The canonical name of the candidate they were made for (see
    /// [`Candidate::name`]; an entity's own is [`Resolved::name`]).
    pub name: Arc<str>,
    /// The identity key of the candidate they were made for (see
    /// [`Candidate::key`]; an entity's own is [`Resolved::key`]).
    pub key: Arc<str>,
    /// ISO 3166-1 alpha-2 country code (cities, regions, organizations).
    pub country: Option<String>,
    /// GeoNames id (cities, countries).
    pub geonames_id: Option<u64>,
    /// GeoNames feature code (places: `PPL`, `PPLA`, `PCLI`, `ADM1`, `ADM2`, `CONT`).
    pub feature: Option<String>,
    /// GeoNames first-level division code (cities, regions).
    pub admin1: Option<String>,
    /// Latitude (cities).
    pub lat: Option<f64>,
    /// Longitude (cities).
    pub lon: Option<f64>,
    /// Population (cities, countries).
    pub population: Option<u64>,
    /// ISO 3166-1 alpha-2 code (countries).
    pub iso: Option<String>,
    /// Normalized TIMEX3 value (dates, durations, sets).
    pub value: Option<String>,
    /// The date's day/month order was guessed (`03/04/2019`).
    pub ambiguous: bool,
    /// Role title, normalized case (roles).
    pub title: Option<String>,
    /// Organization kind from the gazetteer (`igo`, `company`, ...).
    pub kind: Option<String>,
    /// A user gazetteer's own id for the entry.
    pub reference: Option<String>,
    /// Extra user gazetteer columns.
    pub extra: Vec<(String, String)>,
}

impl Attrs {
    /// The attributes of a candidate named `name` with key `key`, and no
    /// others.
    pub fn named(name: Arc<str>, key: Arc<str>) -> Attrs {
        Attrs {
            name,
            key,
            country: None,
            geonames_id: None,
            feature: None,
            admin1: None,
            lat: None,
            lon: None,
            population: None,
            iso: None,
            value: None,
            ambiguous: false,
            title: None,
            kind: None,
            reference: None,
            extra: Vec::new(),
        }
    }
}

/// A shared string written by `build` into a per-thread scratch buffer:
/// one allocation, the string's own (`build` must not call this again).
pub(crate) fn shared_str(build: impl FnOnce(&mut String)) -> Arc<str> {
    thread_local! {
        static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        s.clear();
        build(&mut s);
        Arc::from(s.as_str())
    })
}

/// [`shared_str`] of UTF-8 bytes: `build` appends pieces of text (folded
/// tokens) as bytes, checked as UTF-8 once for the whole string rather
/// than piece by piece.
pub(crate) fn shared_utf8(build: impl FnOnce(&mut Vec<u8>)) -> Arc<str> {
    thread_local! {
        static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        s.clear();
        build(&mut s);
        Arc::from(std::str::from_utf8(&s).expect("pieces of text make text"))
    })
}

/// Where a candidate came from, for tie-breaking and debugging.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// A user gazetteer entry: wins over everything.
    User = 0,
    /// A built-in gazetteer entry.
    Gazetteer = 1,
    /// A pattern (date, role, capitalised-name rules).
    Pattern = 2,
}

/// The priority from which a pattern's name stands with the gazetteers'
/// entries in the overlap choice: a person a title cue or the article's
/// full name vouches for ("President Clinton", a later "Clinton") over the
/// town of that name.
pub const VOUCHED: u8 = 9;

/// A possible entity mention found by a matcher.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Byte span in the article text.
    pub span: Span,
    /// Entity type.
    pub ty: EntityType,
    /// Attributes, with the canonical name and identity key (see
    /// [`Candidate::name`], [`Candidate::key`]). Behind a pointer:
    /// candidates are moved around while they are ranked, and most of
    /// their size would be the attributes. Shared: a gazetteer row's
    /// candidate is built once and copied at every mention, and a copy
    /// raises one reference count, not one each for its name, key and
    /// attributes (each count a cache line of its own, seldom in the
    /// CPU's caches, and raised by an atomic instruction that waits for
    /// it).
    pub attrs: Arc<Attrs>,
    /// Where it came from.
    pub source: Source,
    /// Confidence-like priority among overlapping candidates (higher wins at
    /// equal length; from [`VOUCHED`] up, a pattern's name stands with the
    /// gazetteers' entries).
    pub priority: u8,
    /// For people: a one-word form later mentions may use besides the last
    /// word (the family name of "Zhao Minghui").
    pub short: Option<Box<str>>,
    /// The rule that proposed it (`--explain`).
    pub rule: crate::rules::Rule,
}

impl Candidate {
    /// Canonical name (shared with the attributes).
    #[inline]
    pub fn name(&self) -> &Arc<str> {
        &self.attrs.name
    }

    /// Identity key: mentions with equal keys are one entity
    /// (`geonames:2643743`, `org:un`, `date:2023-03-14`).
    #[inline]
    pub fn key(&self) -> &Arc<str> {
        &self.attrs.key
    }

    /// Set the name (the attributes are copied first if shared).
    pub fn set_name(&mut self, name: Arc<str>) {
        Arc::make_mut(&mut self.attrs).name = name;
    }

    /// Set the key (the attributes are copied first if shared).
    pub fn set_key(&mut self, key: Arc<str>) {
        Arc::make_mut(&mut self.attrs).key = key;
    }
}

/// A place the article is about: a country, a first-level division or a
/// city, with the share of the article's place mentions that lie in it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Focus {
    /// `country`, `region` or `city`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Its name.
    pub name: String,
    /// ISO 3166-1 alpha-2 code of its country (of itself, for a country).
    pub country: String,
    /// GeoNames first-level division code (regions and cities).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    /// GeoNames id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonames_id: Option<u64>,
    /// Share of the article's place mentions that lie in it, 0 to 1 (two decimals).
    pub score: f64,
}

/// A role held by a person, as resolved in one article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleLink {
    /// The title as written, normalized case.
    pub title: String,
    /// Index of the person entity.
    pub person: Option<usize>,
    /// Index of the organization (or country) entity.
    pub organization: Option<usize>,
}

/// One entity of an article after resolution: every mention of one thing.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// Entity type.
    pub ty: EntityType,
    /// Canonical name.
    pub name: Arc<str>,
    /// Identity key.
    pub key: Arc<str>,
    /// Attributes (shared with the candidates they came from).
    pub attrs: Arc<Attrs>,
    /// Byte spans of the mentions, in text order.
    pub mentions: Vec<Span>,
    /// For a role entity: its link; for a person: indices of its role entities.
    pub role: Option<RoleLink>,
    /// For a person: the role entities naming them.
    pub roles: Vec<usize>,
    /// The rules that proposed its mentions (`--explain`).
    pub rules: crate::rules::RuleSet,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_types_round_trip_by_name() {
        let names: Vec<&str> = BUILTIN_TYPES.iter().map(EntityType::as_str).collect();
        assert_eq!(
            names,
            [
                "city",
                "country",
                "region",
                "organization",
                "person",
                "date",
                "duration",
                "set",
                "time",
                "role",
                "nationality",
                "location"
            ]
        );
        for t in BUILTIN_TYPES {
            assert_eq!(EntityType::builtin(t.as_str()).as_ref(), Some(t));
        }
        assert_eq!(EntityType::builtin("venue"), None);
        // Misspelling suggestions come from the same names.
        for t in BUILTIN_TYPES {
            let typo = &t.as_str()[1..];
            assert_eq!(crate::gazetteer::user::near_builtin(typo), Some(t.as_str()), "{typo}");
        }
    }
}
